-- Event tables created after 0120 (the Cortex system datasets of 0170, the Sentinel and Defender tables of 0171)
-- are time-partitioned like every other one (issue 16; the shape is described in 0120's header).
--
-- spoor.partition_event_tables() partitions every event table in `public` that is not partitioned yet: a table
-- with `_spoor_xid` and a stored timestamptz time column (`Timestamp`, `_time` or `TimeGenerated`). It is the
-- same rule as 0120's closing block, kept as a function so that a later migration that adds tables ends with
-- `SELECT spoor.partition_event_tables();` and never repeats the rule. It returns the tables it partitioned.
CREATE FUNCTION spoor.partition_event_tables() RETURNS SETOF text
LANGUAGE plpgsql AS $$
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
    RETURN NEXT name;
  END LOOP;
END
$$;

SELECT spoor.partition_event_tables();
