-- Partition maintenance that does not stop ingest or hunts (issue 16).
--
-- What held the locks. spoor.maintain_partitions() (0120) did all of its work in one transaction over every event
-- table: `CREATE TABLE … PARTITION OF` takes an ACCESS EXCLUSIVE lock on the partitioned table, and the trigram GIN
-- indexes of the partitions that closed were built (CREATE INDEX, seconds for a day of events) later in the same
-- transaction, so every table whose next partition had just been made stayed locked, for reading and writing,
-- until the last index of the last table was built: about 5 s once a day, and longer the busier the day.
--
-- What replaces it (Sources/SpoorEngine/Scale/PartitionMaintenance.swift drives the steps, each in a short
-- transaction of its own, under a session advisory lock):
--   * a new partition is a table of its own, created with a CHECK constraint equal to its bounds and then
--     ATTACHed: ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the partitioned table, which neither INSERT
--     nor SELECT conflicts with, and skips scanning the new table because the constraint proves the bounds. The
--     default partition is still locked while it is checked for rows of the new range (an index probe or a scan
--     of the rows waiting there, usually none), and only in that table's own short transaction;
--   * retention (DROP TABLE of a whole partition: ACCESS EXCLUSIVE on the partitioned table, no scan) commits on
--     its own, per table;
--   * the trigram indexes of closed partitions are built with CREATE INDEX CONCURRENTLY, outside any
--     transaction, one index at a time: inserts into that partition and hunts over it go on while it is built.
--     spoor.missing_trigram_indexes() lists what to build (and an index a failed concurrent build left invalid,
--     to drop first). DETACH PARTITION … CONCURRENTLY is not used: PostgreSQL refuses it on a table with a
--     default partition, which every event table has.
-- spoor.maintain_partitions() stays, for SQL callers, as all of these in one transaction (and so with the old,
-- longer locks).

-- Creates the partition of `table_name` holding `at` unless a partition overlaps its range; rows of that range
-- waiting in the default partition move into it (keeping their _spoor_xid). Returns the new partition's name, or
-- NULL when it already existed. Same contract as 0120's version; only the locks differ (see above).
CREATE OR REPLACE FUNCTION spoor.create_time_partition(table_name text, at timestamptz) RETURNS text
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
  EXECUTE format('CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS '
                 'INCLUDING STORAGE)', partition, config.table_name);
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT spoor_partition_bounds CHECK (%I IS NOT NULL AND %I >= %L AND %I < %L)',
                 partition, config.time_column, config.time_column, range_start, config.time_column, range_end);
  EXECUTE format('ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                 config.table_name, partition, range_start, range_end);
  -- The partition constraint says the same from now on.
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT spoor_partition_bounds', partition);
  IF waiting THEN
    EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM pg_temp.spoor_moving', config.table_name, columns, columns);
    DROP TABLE pg_temp.spoor_moving;
  END IF;
  RETURN partition;
END
$$;

-- Retention of one table at time `at`: drops its partitions wholly older than at - retention ('dropped') and
-- deletes the default partition's rows that old ('expired'). Nothing when the table keeps everything.
CREATE FUNCTION spoor.apply_retention(table_name text, at timestamptz)
RETURNS TABLE (action text, partition_name text, row_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  old record;
  default_name text;
BEGIN
  SELECT * INTO STRICT config FROM spoor.partitioned_tables p WHERE p.table_name = apply_retention.table_name;
  IF config.retention IS NULL THEN
    RETURN;
  END IF;
  default_name := spoor.default_partition_name(config.table_name);
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
END
$$;

-- One table's partitions at time `at`: a partition for the rows waiting in the default partition inside
-- [at - backfill, at + premake intervals] ('created', row_count: rows moved), the partitions made ahead
-- ('created', 0), and the rows still in the default partition ('default_rows').
CREATE FUNCTION spoor.extend_partitions(table_name text, at timestamptz)
RETURNS TABLE (action text, partition_name text, row_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  bucket record;
  created text;
  default_name text;
BEGIN
  SELECT * INTO STRICT config FROM spoor.partitioned_tables p WHERE p.table_name = extend_partitions.table_name;
  default_name := spoor.default_partition_name(config.table_name);
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
  EXECUTE format('SELECT count(*) FROM public.%I', default_name) INTO row_count;
  IF row_count > 0 THEN
    action := 'default_rows'; partition_name := default_name;
    RETURN NEXT;
  END IF;
END
$$;

-- The trigram GIN indexes still to build on closed partitions (upper bound at or before `at`) and default
-- partitions, one row per partition and column, in bound order: `invalid_index` names an index of that column a
-- failed CREATE INDEX CONCURRENTLY left invalid (drop it first), and `statement` is the CREATE INDEX CONCURRENTLY
-- to run, outside a transaction.
CREATE FUNCTION spoor.missing_trigram_indexes(at timestamptz)
RETURNS TABLE (table_name text, partition_name text, column_name text, invalid_index text, statement text)
LANGUAGE sql STABLE AS $$
  SELECT p.table_name, p.partition_name, col,
    (SELECT quote_ident(ic.relname) FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_catalog.pg_opclass o ON o.oid = i.indclass[0]
     JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = format('public.%I', p.partition_name)::regclass AND i.indnatts = 1
       AND o.opcname = 'gin_trgm_ops' AND a.attname = col AND NOT i.indisvalid LIMIT 1),
    format('CREATE INDEX CONCURRENTLY ON public.%I USING gin (%I public.gin_trgm_ops)', p.partition_name, col)
  FROM spoor.time_partitions p
  JOIN spoor.partitioned_tables t ON t.table_name = p.table_name
  CROSS JOIN LATERAL unnest(t.trigram_columns) AS col
  WHERE (p.is_default OR p.upper <= at)
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_opclass o ON o.oid = i.indclass[0]
      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = format('public.%I', p.partition_name)::regclass AND i.indnatts = 1
        AND o.opcname = 'gin_trgm_ops' AND a.attname = col AND i.indisvalid)
  ORDER BY p.table_name, p.lower NULLS FIRST, col
$$;

-- 0120's one-transaction maintenance over every table, now made of the steps above (Spoor itself runs the steps
-- in separate transactions; see the header).
CREATE OR REPLACE FUNCTION spoor.maintain_partitions(at timestamptz DEFAULT now())
RETURNS TABLE (table_name text, action text, partition_name text, row_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
  config spoor.partitioned_tables%ROWTYPE;
  step record;
  created text;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('spoor.maintain_partitions')) THEN
    RETURN;
  END IF;
  FOR config IN SELECT * FROM spoor.partitioned_tables p
                WHERE to_regclass(format('public.%I', p.table_name)) IS NOT NULL ORDER BY p.table_name LOOP
    table_name := config.table_name;
    FOR step IN SELECT * FROM spoor.apply_retention(config.table_name, at)
                UNION ALL SELECT * FROM spoor.extend_partitions(config.table_name, at) LOOP
      action := step.action; partition_name := step.partition_name; row_count := step.row_count;
      RETURN NEXT;
    END LOOP;
    FOR created IN SELECT spoor.index_closed_partitions(config.table_name, at) LOOP
      action := 'indexed'; partition_name := created; row_count := NULL;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;
