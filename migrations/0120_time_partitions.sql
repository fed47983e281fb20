-- Time partitions for every event table (issue 16), native PostgreSQL partitioning with Spoor's own maintenance.
--
-- Why native partitioning and not pg_partman: pg_partman is an extension that is not part of PostgreSQL or its
-- contrib package, so every server Spoor runs on (the embedded cluster, a user's own server, a managed service
-- that may not offer it) would need it installed first; what Spoor needs from it (create partitions ahead, move
-- stray rows out of the default partition, drop partitions past retention) is the few functions below. Native
-- declarative partitioning is also what Citus distributes (docs/scale.md), so the same tables scale out.
--
-- Shape. An event table is a table in `public` with `_spoor_xid` and a time column that is not generated: the first
-- of `Timestamp`, `_time`, `TimeGenerated` (Table.timeColumn in Sources/SpoorCatalog: the column `--since`, the
-- scheduler's look-back and `ago()` filter on). Each is PARTITION BY RANGE on it, with
--   * one partition per `partition_interval` (a day by default; any whole number of minutes, hours or days),
--     aligned to 2000-01-01 00:00 UTC, named <table>_pYYYYMMDD (or _pYYYYMMDDTHHMI below a day);
--   * `premake` partitions created ahead of the current one;
--   * a DEFAULT partition <table>_default for rows no partition holds: a NULL time, rows older than `backfill`
--     or beyond the partitions made ahead. Nothing is rejected: spoor.maintain_partitions() moves them into new
--     partitions once they fall inside [now - backfill, now + premake] and reports the rows left there.
-- Indexes are declared on the partitioned table (each partition gets its own), except the trigram GIN indexes:
-- those are built only on closed partitions (upper bound in the past) and on the default partition, by
-- spoor.maintain_partitions(). Ingest writes into the open partition, which has only btree indexes, so it keeps
-- its speed; a hunt over a closed day still gets its trigram index scans, and the open partition is at most one
-- interval of rows (README "Scale", docs/scale.md, the numbers from `spoor bench`).
--
-- Keys. No event table has a primary key or unique constraint; one added by a user must include the time column
-- (PostgreSQL's rule for partitioned tables) and spoor.partition_table() says so if it does not.
-- `TimeGenerated` (generated from `Timestamp`) and `_spoor_xid` (the scheduler's snapshot windows) are ordinary
-- columns of every partition; moving rows between partitions keeps their `_spoor_xid`, so a moved row is neither
-- skipped nor read twice by the scheduler.

CREATE TABLE spoor.partitioned_tables (
  table_name text PRIMARY KEY,
  time_column text NOT NULL,
  partition_interval interval NOT NULL DEFAULT '1 day'
    CHECK (partition_interval >= interval '1 minute' AND date_part('month', partition_interval) = 0
           AND date_part('year', partition_interval) = 0),
  premake integer NOT NULL DEFAULT 2 CHECK (premake BETWEEN 0 AND 1000),
  backfill interval NOT NULL DEFAULT '31 days' CHECK (backfill >= interval '0'),
  -- NULL: keep everything. Otherwise spoor.maintain_partitions() drops partitions wholly older than now - retention.
  retention interval CHECK (retention > interval '0'),
  -- Columns whose trigram GIN index is built on closed partitions only (see above).
  trigram_columns text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE spoor.partitioned_tables IS
  'Event tables partitioned by time (migration 0120): interval, partitions made ahead, backfill horizon, retention.';

-- The lower and upper bound of a range partition, from its bound expression; NULLs for the default partition.
CREATE FUNCTION spoor.partition_bounds(partition regclass, OUT lower timestamptz, OUT upper timestamptz)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  bound text := pg_get_expr((SELECT relpartbound FROM pg_class WHERE oid = partition), partition);
  parts text[];
BEGIN
  parts := regexp_match(bound, '^FOR VALUES FROM \(''([^'']+)''\) TO \(''([^'']+)''\)$');
  IF parts IS NOT NULL THEN
    lower := parts[1]::timestamptz;
    upper := parts[2]::timestamptz;
  END IF;
END
$$;

-- Every partition of every partitioned event table, with its bounds (NULL bounds: the default partition).
CREATE VIEW spoor.time_partitions AS
SELECT t.table_name, c.relname::text AS partition_name, b.lower, b.upper, (b.lower IS NULL) AS is_default
FROM spoor.partitioned_tables t
JOIN pg_catalog.pg_inherits i ON i.inhparent = to_regclass(format('public.%I', t.table_name))
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
CROSS JOIN LATERAL spoor.partition_bounds(c.oid) b;

-- The bucket a time falls in: partitions are aligned to 2000-01-01 00:00 UTC.
CREATE FUNCTION spoor.partition_start(at timestamptz, step interval) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$ SELECT date_bin(step, at, timestamptz '2000-01-01 00:00:00+00') $$;

-- <table>_pYYYYMMDD (a day or longer) or <table>_pYYYYMMDDTHHMI; the table part is cut so the name fits 63 bytes.
CREATE FUNCTION spoor.partition_name(table_name text, lower timestamptz, step interval) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT left(table_name, 60 - length(stamp)) || '_p' || stamp
  FROM (SELECT to_char(lower AT TIME ZONE 'UTC',
                       CASE WHEN step >= interval '1 day' AND date_part('hour', step) = 0 AND date_part('minute', step) = 0
                            THEN 'YYYYMMDD' ELSE 'YYYYMMDD"T"HH24MI' END) AS stamp) s
$$;

CREATE FUNCTION spoor.default_partition_name(table_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT left(table_name, 55) || '_default' $$;

-- The columns an INSERT may name (every column but generated ones), quoted and comma-separated.
CREATE FUNCTION spoor.insertable_columns(relation regclass) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
  FROM pg_catalog.pg_attribute
  WHERE attrelid = relation AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
$$;

-- Creates the partition of `table_name` holding `at` unless a partition overlaps its range; rows of that range
-- waiting in the default partition move into it (keeping their _spoor_xid). Returns the new partition's name, or
-- NULL when it already existed.
CREATE FUNCTION spoor.create_time_partition(table_name text, at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  range_start timestamptz;
  range_end timestamptz;
  partition text;
  columns text;
  waiting boolean;
BEGIN
  SELECT * INTO STRICT config FROM spoor.partitioned_tables p WHERE p.table_name = create_time_partition.table_name;
  range_start := spoor.partition_start(at, config.partition_interval);
  range_end := range_start + config.partition_interval;
  IF EXISTS (SELECT 1 FROM spoor.time_partitions p
             WHERE p.table_name = config.table_name AND NOT p.is_default AND p.lower < range_end AND p.upper > range_start) THEN
    RETURN NULL;
  END IF;
  partition := spoor.partition_name(config.table_name, range_start, config.partition_interval);
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I WHERE %I >= %L AND %I < %L)',
                 spoor.default_partition_name(config.table_name), config.time_column, range_start, config.time_column, range_end)
    INTO waiting;
  IF waiting THEN
    columns := spoor.insertable_columns(format('public.%I', config.table_name)::regclass);
    EXECUTE format('CREATE TEMP TABLE spoor_moving AS WITH moved AS (DELETE FROM public.%I WHERE %I >= %L AND %I < %L '
                   'RETURNING %s) SELECT * FROM moved',
                   spoor.default_partition_name(config.table_name), config.time_column, range_start, config.time_column,
                   range_end, columns);
  END IF;
  EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES FROM (%L) TO (%L)',
                 partition, config.table_name, range_start, range_end);
  IF waiting THEN
    EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM pg_temp.spoor_moving', config.table_name, columns, columns);
    DROP TABLE pg_temp.spoor_moving;
  END IF;
  RETURN partition;
END
$$;

-- Builds the trigram GIN indexes of `table_name` on every closed partition (upper bound at or before `at`) and on
-- the default partition that lacks them. Returns the partitions indexed.
CREATE FUNCTION spoor.index_closed_partitions(table_name text, at timestamptz DEFAULT now())
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  part record;
  col text;
  built boolean;
BEGIN
  SELECT * INTO STRICT config FROM spoor.partitioned_tables p WHERE p.table_name = index_closed_partitions.table_name;
  FOR part IN SELECT p.partition_name FROM spoor.time_partitions p
              WHERE p.table_name = config.table_name AND (p.is_default OR p.upper <= at)
              ORDER BY p.lower NULLS FIRST LOOP
    built := false;
    FOREACH col IN ARRAY config.trigram_columns LOOP
      IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_opclass o ON o.oid = i.indclass[0]
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = format('public.%I', part.partition_name)::regclass AND i.indnatts = 1
          AND o.opcname = 'gin_trgm_ops' AND a.attname = col) THEN
        EXECUTE format('CREATE INDEX ON public.%I USING gin (%I public.gin_trgm_ops)', part.partition_name, col);
        built := true;
      END IF;
    END LOOP;
    IF built THEN
      RETURN NEXT part.partition_name;
    END IF;
  END LOOP;
END
$$;

-- Turns public.<table_name> into a table partitioned by range on its time column, keeping every row, column,
-- default, generated column, CHECK constraint, index, comment and grant; registers it in spoor.partitioned_tables.
-- Returns false when it was partitioned already. Used by this migration and by spoor.create_raw_dataset().
CREATE FUNCTION spoor.partition_table(table_name text, step interval DEFAULT '1 day') RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  relation regclass := to_regclass(format('public.%I', table_name));
  time_column text;
  old_name text := left(table_name, 50) || '_unpartitioned';
  index_definitions text[] := '{}';
  constraint_definitions text[] := '{}';
  trigram text[] := '{}';
  item record;
  definition text;
  columns text;
  config spoor.partitioned_tables%ROWTYPE;
  bucket timestamptz;
BEGIN
  IF relation IS NULL THEN
    RAISE EXCEPTION 'no table public.%', table_name USING ERRCODE = 'undefined_table';
  END IF;
  SELECT a.attname INTO time_column
  FROM unnest(ARRAY['Timestamp', '_time', 'TimeGenerated']) WITH ORDINALITY AS k(name, preference)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = relation AND a.attname = k.name AND NOT a.attisdropped
    AND a.attgenerated = '' AND a.atttypid = 'timestamptz'::regtype
  ORDER BY k.preference LIMIT 1;
  IF time_column IS NULL THEN
    RAISE EXCEPTION 'public.% has no timestamptz column Timestamp, _time or TimeGenerated to partition on', table_name
      USING ERRCODE = 'undefined_column';
  END IF;
  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = relation) = 'p' THEN
    INSERT INTO spoor.partitioned_tables (table_name, time_column) VALUES (table_name, time_column)
    ON CONFLICT DO NOTHING;
    RETURN false;
  END IF;

  -- Constraints backed by an index (primary key, unique, exclusion) must include the partition key.
  FOR item IN SELECT c.conname, pg_get_constraintdef(c.oid) AS definition,
                     EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = relation
                             AND a.attname = time_column AND a.attnum = ANY (c.conkey)) AS has_key
              FROM pg_catalog.pg_constraint c WHERE c.conrelid = relation AND c.contype IN ('p', 'u', 'x') LOOP
    IF NOT item.has_key THEN
      RAISE EXCEPTION 'constraint % on public.% does not include %, the partition key', item.conname, table_name,
        time_column
        USING HINT = 'A unique key on a partitioned table must include the partition key: add the time column to it.';
    END IF;
    constraint_definitions := constraint_definitions || format('ALTER TABLE public.%I ADD CONSTRAINT %I %s',
                                                               table_name, item.conname, item.definition);
    EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', table_name, item.conname);
  END LOOP;
  -- Single-column trigram GIN indexes become closed-partition indexes; every other index is declared again on the
  -- partitioned table (its definition names the table, which keeps its name).
  FOR item IN SELECT i.indexrelid::regclass AS index, pg_get_indexdef(i.indexrelid) AS definition,
                     (SELECT a.attname FROM pg_catalog.pg_opclass o, pg_catalog.pg_attribute a
                      WHERE o.oid = i.indclass[0] AND o.opcname = 'gin_trgm_ops' AND i.indnatts = 1 AND i.indpred IS NULL
                        AND a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) AS trigram_column
              FROM pg_catalog.pg_index i WHERE i.indrelid = relation ORDER BY i.indexrelid LOOP
    IF item.trigram_column IS NOT NULL THEN
      trigram := trigram || item.trigram_column::text;
    ELSE
      index_definitions := index_definitions || item.definition;
    END IF;
    EXECUTE format('DROP INDEX %s', item.index);
  END LOOP;

  INSERT INTO spoor.partitioned_tables AS p (table_name, time_column, partition_interval, trigram_columns)
  VALUES (table_name, time_column, step, trigram)
  ON CONFLICT ON CONSTRAINT partitioned_tables_pkey DO UPDATE
    SET time_column = excluded.time_column, trigram_columns = excluded.trigram_columns;
  SELECT * INTO config FROM spoor.partitioned_tables p WHERE p.table_name = partition_table.table_name;

  EXECUTE format('ALTER TABLE public.%I RENAME TO %I', table_name, old_name);
  EXECUTE format('CREATE TABLE public.%I (LIKE public.%I INCLUDING ALL EXCLUDING INDEXES) PARTITION BY RANGE (%I)',
                 table_name, old_name, time_column);
  EXECUTE format('COMMENT ON TABLE public.%I IS %L', table_name, obj_description(relation, 'pg_class'));
  EXECUTE format('ALTER TABLE public.%I OWNER TO %I', table_name,
                 (SELECT rolname FROM pg_catalog.pg_roles r JOIN pg_catalog.pg_class c ON c.relowner = r.oid
                  WHERE c.oid = relation));
  FOR item IN SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee
              FROM pg_catalog.pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
              LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
              WHERE c.oid = relation AND a.grantee <> c.relowner LOOP
    EXECUTE format('GRANT %s ON public.%I TO %s', item.privilege_type, table_name, item.grantee);
  END LOOP;
  EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I DEFAULT', spoor.default_partition_name(table_name),
                 table_name);

  -- A partition for every bucket that holds rows inside the backfill horizon, and for the buckets made ahead.
  FOR bucket IN EXECUTE format('SELECT DISTINCT spoor.partition_start(%I, $1) FROM public.%I WHERE %I >= $2 AND %I < $3',
                               time_column, old_name, time_column, time_column)
                USING step, now() - config.backfill, now() + config.premake * step LOOP
    PERFORM spoor.create_time_partition(table_name, bucket);
  END LOOP;
  FOR i IN 0..config.premake LOOP
    PERFORM spoor.create_time_partition(table_name, now() + i * step);
  END LOOP;

  columns := spoor.insertable_columns(format('public.%I', old_name)::regclass);
  EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM public.%I', table_name, columns, columns, old_name);
  EXECUTE format('DROP TABLE public.%I', old_name);
  FOREACH definition IN ARRAY index_definitions LOOP
    EXECUTE definition;
  END LOOP;
  FOREACH definition IN ARRAY constraint_definitions LOOP
    EXECUTE definition;
  END LOOP;
  PERFORM spoor.index_closed_partitions(table_name);
  RETURN true;
END
$$;

-- Keeps every partitioned event table in shape at time `at` and reports what it did, one row per action:
--   created       a partition made ahead, or for rows waiting in the default partition (row_count: rows moved)
--   indexed       trigram GIN indexes built on a partition that closed
--   dropped       a partition wholly older than at - retention
--   expired       rows of the default partition older than at - retention, deleted
--   default_rows  rows still in the default partition (NULL time, older than the backfill horizon, or too far ahead)
-- Two maintainers never run at once (a transaction-level advisory lock; the second returns no rows).
CREATE FUNCTION spoor.maintain_partitions(at timestamptz DEFAULT now())
RETURNS TABLE (table_name text, action text, partition_name text, row_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  bucket record;
  created text;
  old record;
  default_name text;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('spoor.maintain_partitions')) THEN
    RETURN;
  END IF;
  FOR config IN SELECT * FROM spoor.partitioned_tables p
                WHERE to_regclass(format('public.%I', p.table_name)) IS NOT NULL ORDER BY p.table_name LOOP
    table_name := config.table_name;
    default_name := spoor.default_partition_name(config.table_name);
    -- Retention first, so nothing is created for rows about to expire.
    IF config.retention IS NOT NULL THEN
      FOR old IN SELECT p.partition_name FROM spoor.time_partitions p
                 WHERE p.table_name = config.table_name AND NOT p.is_default AND p.upper <= at - config.retention
                 ORDER BY p.lower LOOP
        EXECUTE format('DROP TABLE public.%I', old.partition_name);
        action := 'dropped'; partition_name := old.partition_name; row_count := NULL;
        RETURN NEXT;
      END LOOP;
      EXECUTE format('DELETE FROM public.%I WHERE %I < %L', default_name, config.time_column, at - config.retention);
      GET DIAGNOSTICS row_count = ROW_COUNT;
      IF row_count > 0 THEN
        action := 'expired'; partition_name := default_name;
        RETURN NEXT;
      END IF;
    END IF;
    -- Rows waiting in the default partition inside [at - backfill, at + premake intervals] get their partition.
    FOR bucket IN EXECUTE format(
      'SELECT spoor.partition_start(%I, $1) AS lower, count(*) AS n FROM public.%I WHERE %I >= $2 AND %I < $3 '
      'GROUP BY 1 ORDER BY 1', config.time_column, default_name, config.time_column, config.time_column)
      USING config.partition_interval, at - config.backfill,
            spoor.partition_start(at, config.partition_interval) + (config.premake + 1) * config.partition_interval LOOP
      created := spoor.create_time_partition(config.table_name, bucket.lower);
      IF created IS NOT NULL THEN
        action := 'created'; partition_name := created; row_count := bucket.n;
        RETURN NEXT;
      END IF;
    END LOOP;
    FOR i IN 0..config.premake LOOP
      created := spoor.create_time_partition(config.table_name, at + i * config.partition_interval);
      IF created IS NOT NULL THEN
        action := 'created'; partition_name := created; row_count := 0;
        RETURN NEXT;
      END IF;
    END LOOP;
    FOR created IN SELECT spoor.index_closed_partitions(config.table_name, at) LOOP
      action := 'indexed'; partition_name := created; row_count := NULL;
      RETURN NEXT;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM public.%I', default_name) INTO row_count;
    IF row_count > 0 THEN
      action := 'default_rows'; partition_name := default_name;
      RETURN NEXT;
    END IF;
  END LOOP;
END
$$;

-- Raw datasets created from now on (`spoor ingest --dataset NAME`) are partitioned like the shipped ones.
CREATE OR REPLACE FUNCTION spoor.create_raw_dataset(dataset text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF dataset !~ '^[a-z][a-z0-9_]{0,62}$' THEN
    RAISE EXCEPTION 'invalid dataset name %: use lowercase letters, digits and _, starting with a letter', dataset
      USING ERRCODE = 'invalid_name';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('spoor.create_raw_dataset'));
  IF to_regclass(format('public.%I', dataset)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE public.%I (LIKE spoor.raw_dataset_template INCLUDING DEFAULTS INCLUDING INDEXES)',
                 dataset);
  PERFORM spoor.partition_table(dataset);
  RETURN true;
END
$$;

-- Every existing event table, rows and all.
DO $$
DECLARE
  name text;
BEGIN
  FOR name IN
    SELECT c.relname FROM pg_catalog.pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_spoor_xid'
                  AND NOT a.attisdropped)
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped
                  AND a.attname IN ('Timestamp', '_time', 'TimeGenerated') AND a.attgenerated = ''
                  AND a.atttypid = 'timestamptz'::regtype)
    ORDER BY c.relname
  LOOP
    PERFORM spoor.partition_table(name);
  END LOOP;
END
$$;

GRANT SELECT ON spoor.partitioned_tables, spoor.time_partitions TO spoor_reader;
