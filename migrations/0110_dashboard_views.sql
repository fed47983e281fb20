-- Views over Spoor's own tables for the places people look at results: the Grafana board
-- (dashboards/spoor.json) and the web console's hits page (through `spoor serve`). Each view is one
-- question, named after its answer, so the board, the console and an analyst's psql ask it the same way.
-- They are plain (not materialized) views: they read the indexes of migration 0010 and are always current.
-- All are readable by spoor_reader, the role Grafana and the server's reader connections log in as.
--
-- Times are timestamptz; durations and lags are also given as seconds (double precision), which is what
-- Grafana's and Chart.js's value axes plot.

-- Hits recorded per hunt per hour (UTC hour buckets). Hours with no hit have no row.
-- "Hits over time by hunt": filter on hour, group or pivot by hunt_id.
CREATE VIEW spoor.hits_per_hour AS
SELECT
  date_trunc('hour', h.detected_at, 'UTC') AS hour,
  h.hunt_id,
  count(*) AS hits
FROM spoor.hunt_hits AS h
GROUP BY 1, 2;

COMMENT ON VIEW spoor.hits_per_hour IS 'Hits recorded per hunt per UTC hour (hours without hits have no row).';

-- Every run that did not succeed, with how long it ran and why it failed. A run left `running` by a
-- scheduler that died is marked `abandoned` by the next one, so it shows here too.
CREATE VIEW spoor.failed_runs AS
SELECT
  r.id AS run_id,
  r.hunt_id,
  r.status,
  r.attempt,
  r.started_at,
  r.finished_at,
  extract(epoch FROM (r.finished_at - r.started_at))::double precision AS duration_seconds,
  r.window_start,
  r.window_end,
  coalesce(r.error, '') AS error,
  coalesce(r.sqlstate, '') AS sqlstate,
  r.scheduler
FROM spoor.hunt_runs AS r
WHERE r.status IN ('failed', 'abandoned');

COMMENT ON VIEW spoor.failed_runs IS 'Hunt runs that failed or were abandoned, with their error and SQLSTATE.';

-- The newest run of each hunt: is each hunt healthy now?
CREATE VIEW spoor.latest_runs AS
SELECT DISTINCT ON (r.hunt_id)
  r.id AS run_id,
  r.hunt_id,
  r.status,
  r.attempt,
  r.started_at,
  r.finished_at,
  extract(epoch FROM (r.finished_at - r.started_at))::double precision AS duration_seconds,
  r.window_start,
  r.window_end,
  r.rows,
  r.new_hits,
  coalesce(r.error, '') AS error,
  coalesce(r.sqlstate, '') AS sqlstate
FROM spoor.hunt_runs AS r
ORDER BY r.hunt_id, r.started_at DESC, r.id DESC;

COMMENT ON VIEW spoor.latest_runs IS 'The newest run of each hunt, with its status and error.';

-- One row per hunt that has run or has hits: totals, the last 24 hours, the latest run and the scheduler's
-- state. "Top hunts" is this view ordered by hits (or hits_24h).
CREATE VIEW spoor.hunt_summary AS
WITH hunts AS (
  SELECT hunt_id FROM spoor.hunt_runs
  UNION
  SELECT hunt_id FROM spoor.hunt_state
),
hit_totals AS (
  SELECT
    hunt_id,
    count(*) AS hits,
    count(*) FILTER (WHERE detected_at >= now() - interval '24 hours') AS hits_24h,
    min(detected_at) AS first_hit_at,
    max(detected_at) AS last_hit_at
  FROM spoor.hunt_hits
  GROUP BY hunt_id
),
run_totals AS (
  SELECT
    hunt_id,
    count(*) AS runs,
    count(*) FILTER (WHERE status IN ('failed', 'abandoned')) AS failed_runs
  FROM spoor.hunt_runs
  GROUP BY hunt_id
)
SELECT
  hunts.hunt_id,
  coalesce(hit_totals.hits, 0) AS hits,
  coalesce(hit_totals.hits_24h, 0) AS hits_24h,
  hit_totals.first_hit_at,
  hit_totals.last_hit_at,
  coalesce(run_totals.runs, 0) AS runs,
  coalesce(run_totals.failed_runs, 0) AS failed_runs,
  latest.status AS last_status,
  latest.started_at AS last_run_at,
  coalesce(latest.error, '') AS last_error,
  coalesce(state.failures, 0) AS consecutive_failures,
  state.last_window_end,
  state.next_due,
  state.backoff_until
FROM hunts
LEFT JOIN hit_totals ON hit_totals.hunt_id = hunts.hunt_id
LEFT JOIN run_totals ON run_totals.hunt_id = hunts.hunt_id
LEFT JOIN spoor.latest_runs AS latest ON latest.hunt_id = hunts.hunt_id
LEFT JOIN spoor.hunt_state AS state ON state.hunt_id = hunts.hunt_id;

COMMENT ON VIEW spoor.hunt_summary IS 'Per hunt: hits (total, last 24 h), runs, failures, latest run and scheduler state.';

-- Runs per hunt per hour by status, with their mean and longest duration ("is a hunt getting slower?").
CREATE VIEW spoor.runs_per_hour AS
SELECT
  date_trunc('hour', r.started_at, 'UTC') AS hour,
  r.hunt_id,
  r.status,
  count(*) AS runs,
  avg(extract(epoch FROM (r.finished_at - r.started_at)))::double precision AS mean_duration_seconds,
  max(extract(epoch FROM (r.finished_at - r.started_at)))::double precision AS max_duration_seconds
FROM spoor.hunt_runs AS r
GROUP BY 1, 2, 3;

COMMENT ON VIEW spoor.runs_per_hour IS 'Hunt runs per UTC hour by hunt and status, with mean and longest duration.';

-- How far behind the present each hunt's scheduler watermark is: the end of its last committed window.
-- A hunt that has never completed a window has a null lag.
CREATE VIEW spoor.hunt_lag AS
SELECT
  s.hunt_id,
  s.last_window_end,
  extract(epoch FROM (now() - s.last_window_end))::double precision AS lag_seconds,
  s.next_due,
  s.failures AS consecutive_failures,
  s.backoff_until
FROM spoor.hunt_state AS s;

COMMENT ON VIEW spoor.hunt_lag IS 'Per hunt: seconds since the end of its last committed window (scheduler lag).';

-- Ingest lag per destination (a table and format, or a Sysmon target), from the ingest ledger of
-- migration 0081: when its last batch committed and how long ago that was, plus what it holds. Loads from
-- standard input have no ledger entry and do not show here.
CREATE VIEW spoor.ingest_lag AS
SELECT
  src.destination,
  count(DISTINCT src.id) AS sources,
  count(DISTINCT src.id) FILTER (WHERE src.completed_at IS NULL) AS incomplete_sources,
  coalesce(sum(b.records), 0)::bigint AS records,
  max(b.committed_at) AS last_batch_at,
  extract(epoch FROM (now() - max(b.committed_at)))::double precision AS lag_seconds
FROM spoor.ingest_sources AS src
LEFT JOIN spoor.ingest_batches AS b ON b.source_id = src.id
GROUP BY src.destination;

COMMENT ON VIEW spoor.ingest_lag IS 'Per ingest destination: last committed batch, seconds since, sources and records.';

-- Records committed by ingest per destination per hour (the ingest rate behind the lag).
CREATE VIEW spoor.ingest_per_hour AS
SELECT
  date_trunc('hour', b.committed_at, 'UTC') AS hour,
  src.destination,
  sum(b.records)::bigint AS records,
  count(*) AS batches
FROM spoor.ingest_batches AS b
JOIN spoor.ingest_sources AS src ON src.id = b.source_id
GROUP BY 1, 2;

COMMENT ON VIEW spoor.ingest_per_hour IS 'Records and batches committed by ingest per destination per UTC hour.';

GRANT SELECT ON
  spoor.hits_per_hour, spoor.failed_runs, spoor.latest_runs, spoor.hunt_summary, spoor.runs_per_hour,
  spoor.hunt_lag, spoor.ingest_lag, spoor.ingest_per_hour
TO spoor_reader;
