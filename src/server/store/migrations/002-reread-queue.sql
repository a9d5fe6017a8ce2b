-- Companies any console process wants read again soon (webhooks, refreshes); the scanning process drains it.
CREATE TABLE fleet_reread_queue (
  company_id text PRIMARY KEY,
  name text,
  requested_at timestamptz NOT NULL DEFAULT now()
);
