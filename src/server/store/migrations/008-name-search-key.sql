-- The name as the fleet searches it: folded by the application (lower case, accents removed, by
-- src/lib/name-search.ts, the company search's rule), so "zoe backerei" finds "Bäckerei Zoë" in the
-- embedded database, every PostgreSQL locale and the in-memory query alike. Rows written before
-- this get the lower-cased name, accents kept, until their company is read again.
ALTER TABLE fleet_companies ADD COLUMN search_key text;
UPDATE fleet_companies SET search_key = name_key;
ALTER TABLE fleet_companies ALTER COLUMN search_key SET NOT NULL;
-- A count of name matches reads this narrow index instead of the rows.
CREATE INDEX fleet_companies_search_key ON fleet_companies (search_key COLLATE "C", id COLLATE "C");
