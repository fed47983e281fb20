-- strcmp(a, b) as Kusto computes it: -1, 0 or 1 as the first differing character (a UTF-16 code unit, as .NET's
-- ordinal comparison reads it) is smaller or larger, the shorter string first when one is a prefix of the other;
-- a null string reads as '' (Kusto strings are never null).
--
-- PostgreSQL's "C" collation orders UTF-8 text by code point, which is UTF-16 order except between characters
-- U+E000–U+FFFF and characters beyond U+FFFF (stored as surrogates U+D800–U+DFFF in UTF-16, so they sort first
-- there). Only strings holding both kinds take the character-by-character path, whose key puts U+E000–U+FFFF
-- above every supplementary character. IMMUTABLE and PARALLEL SAFE: it reads only its arguments.
CREATE FUNCTION spoor.kql_strcmp(a text, b text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN x = y THEN 0
    WHEN NOT ((x ~ '[\uE000-\uFFFF]' OR y ~ '[\uE000-\uFFFF]')
      AND (x ~ '[\U00010000-\U0010FFFF]' OR y ~ '[\U00010000-\U0010FFFF]')) THEN
      CASE WHEN x < y COLLATE "C" THEN -1 ELSE 1 END
    ELSE coalesce(
      (SELECT CASE WHEN kx < ky THEN -1 ELSE 1 END
       FROM (
         SELECT i,
           CASE WHEN cx BETWEEN 57344 AND 65535 THEN cx + 1114112 ELSE cx END AS kx,
           CASE WHEN cy BETWEEN 57344 AND 65535 THEN cy + 1114112 ELSE cy END AS ky
         FROM (
           SELECT i, ascii(substr(x, i, 1)) AS cx, ascii(substr(y, i, 1)) AS cy
           FROM generate_series(1, least(char_length(x), char_length(y))) AS positions(i)
         ) AS codes
       ) AS keys
       WHERE kx <> ky ORDER BY i LIMIT 1),
      sign(char_length(x) - char_length(y))::integer)
  END
  FROM (SELECT coalesce(a, '') AS x, coalesce(b, '') AS y) AS strings
$$;
