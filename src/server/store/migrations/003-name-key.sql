-- The name as the fleet sorts and searches it: lower-cased by the application (JavaScript's
-- toLowerCase, the same as the browser's), compared byte by byte (COLLATE "C", code-point order)
-- so the embedded database, every PostgreSQL locale and the in-memory query agree. Rows written
-- before this get PostgreSQL's lower() until their company is read again.
ALTER TABLE fleet_companies ADD COLUMN name_key text;
UPDATE fleet_companies SET name_key = lower(name);
ALTER TABLE fleet_companies ALTER COLUMN name_key SET NOT NULL;
DROP INDEX fleet_companies_health;
DROP INDEX fleet_companies_name;
DROP INDEX fleet_companies_read_at;
CREATE INDEX fleet_companies_health ON fleet_companies (health_rank, name_key COLLATE "C", id COLLATE "C");
CREATE INDEX fleet_companies_name ON fleet_companies (name_key COLLATE "C", id COLLATE "C");
