-- Run once by the postgres image on a new volume (docker-entrypoint-initdb.d), before `spoor migrate`.
-- spoor_grafana is the LOGIN role Grafana uses; it only gets spoor_reader's rights. spoor_reader is
-- created here if absent; migration 0010 creates it only when absent and grants it SELECT on the tables.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spoor_reader') THEN
    CREATE ROLE spoor_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'spoor_grafana') THEN
    CREATE ROLE spoor_grafana LOGIN PASSWORD 'spoor_grafana' IN ROLE spoor_reader;
  END IF;
END
$$;
