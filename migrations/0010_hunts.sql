-- Stored hunts: run history, hits and per-hunt watermarks (the scheduler's state), plus a read-only role
-- for dashboards. See queries/README.md for how the scheduler uses them.
--
-- Windows are PgQ-style snapshot batches: a run's window is the pair (previous snapshot, current snapshot),
-- and an event row belongs to it iff its _spoor_xid is visible in the current snapshot and not in the
-- previous one. Snapshots are stored as pg_snapshot (the xmin:xmax:xip text form), next to the wall-clock
-- times the dashboards read.

-- One row per attempt to run a hunt over one window. A run is inserted as `running` before its window is
-- hunted; the hits, the run's final status and the new watermark then commit together. A run left
-- `running` by a scheduler that died is marked `abandoned` by the next scheduler that takes the hunt.
CREATE TABLE spoor.hunt_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hunt_id text NOT NULL,
  attempt integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
  -- NULL start snapshot: the hunt's first window, bounded by its look-back instead.
  window_start_snapshot pg_snapshot,
  window_end_snapshot pg_snapshot,
  window_start timestamptz,
  window_end timestamptz,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  -- Rows the hunt returned for the window, and how many of them were new hits (the rest were already recorded).
  rows bigint,
  new_hits bigint,
  error text,
  sqlstate text,
  -- Who ran it: host and process id, so an operator can tell two schedulers apart.
  scheduler text NOT NULL DEFAULT ''
);

-- "Runs of hunt X, newest first" (spoor runs, run-history panels).
CREATE INDEX hunt_runs_hunt_started ON spoor.hunt_runs (hunt_id, started_at DESC);
-- "Failing hunts now" (alerting panels) stays small: only non-succeeded rows are indexed.
CREATE INDEX hunt_runs_unsuccessful ON spoor.hunt_runs (status, started_at DESC) WHERE status <> 'succeeded';

-- One row per distinct matched row per hunt. hit_key is md5 of the row's jsonb text: re-running a window, or
-- ingesting the same event twice, never records a second hit.
CREATE TABLE spoor.hunt_hits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hunt_id text NOT NULL,
  run_id bigint NOT NULL REFERENCES spoor.hunt_runs (id),
  detected_at timestamptz NOT NULL,
  "row" jsonb NOT NULL,
  hit_key text NOT NULL,
  CONSTRAINT hunt_hits_hunt_key UNIQUE (hunt_id, hit_key)
);

-- "Hits of hunt X since T" (spoor hits --hunt X --since T, per-hunt panels).
CREATE INDEX hunt_hits_hunt_detected ON spoor.hunt_hits (hunt_id, detected_at DESC);
-- "All hits since T" (spoor hits --since T, the overview panel).
CREATE INDEX hunt_hits_detected ON spoor.hunt_hits (detected_at DESC);
-- "Hits of run R" (drill-down from a run).
CREATE INDEX hunt_hits_run ON spoor.hunt_hits (run_id);

-- The scheduler's watermark per hunt. last_snapshot is the end of the last committed window; it moves only
-- in the transaction that records that window's hits.
CREATE TABLE spoor.hunt_state (
  hunt_id text PRIMARY KEY,
  last_snapshot pg_snapshot,
  last_window_end timestamptz,
  last_run_id bigint REFERENCES spoor.hunt_runs (id),
  next_due timestamptz NOT NULL DEFAULT now(),
  failures integer NOT NULL DEFAULT 0,
  backoff_until timestamptz
);

-- spoor_reader: what Grafana / Metabase / Superset log in as (through a LOGIN role that is granted
-- spoor_reader). Roles are cluster-wide, so it is created only when absent; two databases migrating at once
-- may race to create it, and the loser finds it there.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spoor_reader') THEN
    BEGIN
      CREATE ROLE spoor_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public, spoor TO spoor_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO spoor_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA spoor TO spoor_reader;
-- Tables added later by the same owner (a user's own event tables, later migrations) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO spoor_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA spoor GRANT SELECT ON TABLES TO spoor_reader;
