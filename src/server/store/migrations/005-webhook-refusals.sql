-- Webhook deliveries refused (signature headers, stale timestamp, unmatched signature, body), per
-- minute and reason, added to by every console process so the Fleet screen shows them all. Rows
-- older than an hour or so are deleted as new ones come: at most a few hundred rows.
CREATE TABLE fleet_webhook_refusals (
  minute timestamptz NOT NULL,
  reason text NOT NULL,
  refusals integer NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (minute, reason)
);
