-- Bulk refresh: a job (its dry run kept as a plan summary) and its items, one request to Codat
-- each. Any console process creates drafts; the scanning process claims items under a lease
-- and sends them. At most one job runs (or is cancelling) at a time, whichever process starts it.
CREATE TABLE bulk_job (
  id text PRIMARY KEY,
  -- draft, running, cancelling, cancelled, finished
  state text NOT NULL,
  scope text NOT NULL,
  -- The selection in words: "12 chosen companies", "every company with health failing".
  selection text NOT NULL,
  companies integer NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  cancelled_at timestamptz,
  -- The dry run's skippedBy, byConnection and estimate, as the job's answer shows them.
  plan jsonb NOT NULL,
  -- The summary alert for the job's latest end is in the outbox (or alerts were off).
  summary_alerted boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX bulk_job_one_active ON bulk_job ((true)) WHERE state IN ('running', 'cancelling');
CREATE INDEX bulk_job_started ON bulk_job (started_at DESC) WHERE started_at IS NOT NULL;
CREATE INDEX bulk_job_drafts ON bulk_job (created_at) WHERE state = 'draft';

CREATE TABLE bulk_item (
  job_id text NOT NULL REFERENCES bulk_job (id) ON DELETE CASCADE,
  -- Its place in the job, from 1.
  position integer NOT NULL,
  company_id text NOT NULL,
  company_name text NOT NULL,
  -- Null: all data.
  data_type text,
  connection_id text,
  connection_label text NOT NULL,
  -- queued, sending, running, done, failed, skipped, cancelled, unknown
  state text NOT NULL,
  skip_reason text,
  dataset_id text,
  error text,
  -- Times sent in all; `tries` counts this round only (a retry by an operator starts a new one).
  attempts integer NOT NULL DEFAULT 0,
  tries integer NOT NULL DEFAULT 0,
  -- A claim is a lease: queued and claimed, the item waits for the rate gate in that process;
  -- sending and past its lease, the process stopped while Codat had the request.
  claimed_by text,
  claimed_until timestamptz,
  answered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, position)
);
CREATE INDEX bulk_item_due ON bulk_item (job_id, tries DESC, position) WHERE state = 'queued';
CREATE INDEX bulk_item_company_open ON bulk_item (company_id)
  WHERE state IN ('queued', 'sending', 'running');
CREATE INDEX bulk_item_by_state ON bulk_item (job_id, state, position);
