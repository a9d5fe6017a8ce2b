-- Alerts: messages waiting to be sent (an outbox every console process may claim from, each
-- message once, kept across restarts), the alert rules' state between steps, and the channel's
-- health (broken since, last error) for the Fleet screen. Rows sent or given up are deleted
-- after a week as new ones come.
CREATE TABLE alert_outbox (
  id text PRIMARY KEY,
  -- Sent in the order they were added.
  seq bigserial NOT NULL,
  message jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A claim is a lease: a process that died while sending lets another take the message after it.
  claimed_by text,
  claimed_until timestamptz,
  sent_at timestamptz,
  given_up_at timestamptz,
  last_error text
);
CREATE INDEX alert_outbox_due ON alert_outbox (seq) WHERE sent_at IS NULL AND given_up_at IS NULL;

CREATE TABLE alert_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE alert_channel (
  key text PRIMARY KEY,
  -- Slack takes about one message a second: the next send any process may make.
  next_send_at timestamptz NOT NULL DEFAULT now(),
  broken_since timestamptz,
  last_error text,
  last_error_at timestamptz,
  last_sent_at timestamptz
);
