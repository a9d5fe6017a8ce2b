-- The fleet: companies with a per-company summary row, their connections, the latest status of
-- each data type, every change of health, processed webhook deliveries and scanner state.
CREATE TABLE fleet_companies (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- The summary the fleet screen filters and sorts on, rewritten whenever the company is read.
  health text NOT NULL,
  health_rank smallint NOT NULL,
  platforms text[] NOT NULL DEFAULT '{}',
  problem_types text[] NOT NULL DEFAULT '{}',
  problems jsonb NOT NULL DEFAULT '[]',
  oldest_last_sync timestamptz,
  read_at timestamptz,
  has_in_progress boolean NOT NULL DEFAULT false,
  -- Companies the last full scan did not list any more are removed at its end.
  scan_id bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fleet_companies_health ON fleet_companies (health_rank, lower(name), id);
CREATE INDEX fleet_companies_name ON fleet_companies (lower(name), id);
CREATE INDEX fleet_companies_read_at ON fleet_companies (read_at, id);
CREATE INDEX fleet_companies_in_progress ON fleet_companies (id) WHERE has_in_progress;

CREATE TABLE fleet_connections (
  company_id text NOT NULL REFERENCES fleet_companies (id) ON DELETE CASCADE,
  id text NOT NULL,
  platform_name text NOT NULL,
  source_type text,
  status text NOT NULL,
  last_sync timestamptz,
  PRIMARY KEY (company_id, id)
);

CREATE TABLE fleet_data_types (
  company_id text NOT NULL REFERENCES fleet_companies (id) ON DELETE CASCADE,
  data_type text NOT NULL,
  status text,
  last_successful_sync timestamptz,
  latest_sync_id text,
  health text NOT NULL,
  -- When this health began, as far as the console saw it; null when it began before the first read.
  health_since timestamptz,
  -- Failed pull operations in a row seen by the console; null when the run began before it looked.
  failures_in_a_row integer,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (company_id, data_type)
);

CREATE TABLE fleet_health_changes (
  id bigserial PRIMARY KEY,
  company_id text NOT NULL,
  -- Null: the company as a whole.
  data_type text,
  health text NOT NULL,
  previous_health text,
  changed_at timestamptz NOT NULL
);
CREATE INDEX fleet_health_changes_company ON fleet_health_changes (company_id, changed_at);

CREATE TABLE fleet_webhook_deliveries (
  id text PRIMARY KEY,
  event_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fleet_webhook_deliveries_received ON fleet_webhook_deliveries (received_at);

CREATE TABLE fleet_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
