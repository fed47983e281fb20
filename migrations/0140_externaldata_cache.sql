-- The blobs KQL's `externaldata` fetched over http(s), kept so that a hunt run again (or by the scheduler every few
-- minutes) does not download the same list each time. One row per address: the bytes as fetched (each query parses
-- them with its own declared columns and format), when they were fetched, and until when they may be reused
-- (fetch time + the TTL in force at the fetch, one hour by default). A row past `expires_at` is fetched again and
-- replaced. Local files are read directly and never cached. Deleting rows is always safe.
CREATE TABLE spoor.externaldata_cache (
  address    text PRIMARY KEY,
  fetched_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  content    bytea NOT NULL
);
