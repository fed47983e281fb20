-- Spoor's own objects live in the `spoor` schema, apart from the event tables in `public`.
-- The migration runner creates spoor.schema_migrations itself before it applies anything (it must record
-- this very file), so this migration only adds what later migrations need.
CREATE SCHEMA IF NOT EXISTS spoor;

-- pg_trgm (shipped by postgresql-contrib, part of the `postgresql` package) backs the trigram GIN indexes on
-- the hunted text columns. It is a trusted extension, so a database owner without superuser may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
