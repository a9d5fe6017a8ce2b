-- A company leaves the fleet only when two complete scans in a row did not list it (or Codat
-- said it was deleted); a list that ends early removes nothing. And a reading that could not
-- take the whole company (a capped or repeating list) says so instead of passing for complete.
ALTER TABLE fleet_companies ADD COLUMN missed_scans smallint NOT NULL DEFAULT 0;
ALTER TABLE fleet_companies ADD COLUMN read_problem text;
