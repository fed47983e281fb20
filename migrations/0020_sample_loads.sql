-- Bundled sample files `spoor demo` has loaded, by content hash, so running the quick start again reuses
-- the data instead of loading the same events twice.
CREATE TABLE spoor.sample_loads (
  file_name   text        NOT NULL,
  sha256      text        NOT NULL,
  rows_loaded bigint      NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (file_name, sha256)
);
