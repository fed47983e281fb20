-- Helpers for KQL scalar functions the emitter translates (Sources/SpoorSQL).

-- pgcrypto gives hash_sha1() its SHA-1 (`public.digest(bytes, 'sha1')`); PostgreSQL has SHA-2 and MD5 built in,
-- but not SHA-1. pgcrypto is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

-- indexof(source, lookup, start, length): Kusto's indexof() with a start and a length. The search looks at the
-- `length` characters from `start` (all of the rest when -1) and returns the 0-based index in `source` of the
-- first occurrence that lies wholly inside them, -1 when there is none. A negative start counts back from the
-- end (`indexof("abcdefg", "cde", -5)` is 2), clamped to the first character; a start past the end finds nothing.
-- A length below -1 gives null, as Kusto documents; so does any null argument. IMMUTABLE and PARALLEL SAFE: it
-- reads only its arguments.
CREATE FUNCTION spoor.kql_indexof(source text, lookup text, start bigint, length bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN length < -1 THEN NULL
    ELSE (
      SELECT CASE
        WHEN first > char_length(source) THEN -1
        WHEN strpos(region, lookup) = 0 THEN -1
        ELSE first + strpos(region, lookup) - 1
      END
      FROM (
        SELECT first,
          -- least() keeps the casts to integer in range for any bigint start or length.
          CASE WHEN length = -1 THEN substr(source, (least(first, char_length(source)) + 1)::integer)
               ELSE substr(source, (least(first, char_length(source)) + 1)::integer,
                           least(length, char_length(source))::integer) END AS region
        FROM (SELECT CASE WHEN start < 0 THEN greatest(char_length(source) + start, 0) ELSE start END AS first) AS s
      ) AS r)
  END
$$;
