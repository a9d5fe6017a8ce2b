-- Codat's words for a failing type's newest failed pull, read from its history with the failure
-- run, so an alert can quote the error. Rows written before this have none until read again.
ALTER TABLE fleet_data_types ADD COLUMN last_error text;
