-- What each ingest of a file has committed, so that running it again loads nothing twice (issue 17.2).
--
-- A source is a file's content (SHA-256 and size) loaded into one destination (a table and format, or a Sysmon
-- target): the same bytes under another path are the same source, the same path with other bytes is another.
-- Each batch's transaction inserts its row in spoor.ingest_batches together with its rows, so the table says
-- exactly which byte ranges of the file are in the database, even after a kill -9 (with --jobs, batches may
-- commit out of order, so the committed ranges may have holes). A re-run skips the committed ranges and loads
-- the rest; completed_at marks a source read to its end. `spoor ingest --force` deletes a source's batches and
-- loads it again. Standard input has no identity and is not recorded.
--
-- This replaces spoor.sample_loads (migration 0020): `spoor demo` loads its samples through the same
-- mechanism, and the samples an earlier demo loaded are carried over as completed sources.
CREATE TABLE spoor.ingest_sources (
  id           bigserial   PRIMARY KEY,
  destination  text        NOT NULL,
  sha256       text        NOT NULL,
  size         bigint,      -- null for samples carried over from spoor.sample_loads
  path         text        NOT NULL,  -- where it was last loaded from
  started_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  UNIQUE (destination, sha256)
);

CREATE TABLE spoor.ingest_batches (
  source_id    bigint      NOT NULL REFERENCES spoor.ingest_sources (id) ON DELETE CASCADE,
  start_offset bigint      NOT NULL,  -- the batch's first byte
  end_offset   bigint      NOT NULL,  -- the byte after its last record
  next_line    bigint      NOT NULL,  -- the line number at end_offset, so a re-run reports the same lines
  records      integer     NOT NULL,  -- records read (loaded, rejected or skipped)
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, start_offset)
);

INSERT INTO spoor.ingest_sources (destination, sha256, size, path, started_at, completed_at)
SELECT 'sysmon both (ndjson)', sha256, NULL, file_name, loaded_at, loaded_at FROM spoor.sample_loads
ON CONFLICT DO NOTHING;

DROP TABLE spoor.sample_loads;
