-- url_encode(value) and url_encode_component(value), as Kusto documents them: url_encode is the
-- application/x-www-form-urlencoded form (.NET's HttpUtility.UrlEncode: letters, digits and - _ . ! * ( ) kept,
-- a space as '+', every other character as its UTF-8 bytes in lowercase %xx, as in Kusto's example
-- "https%3a%2f%2fwww.bing.com%2fhello+world"); url_encode_component is RFC 3986 (.NET's Uri.EscapeDataString:
-- letters, digits and - _ . ~ kept, everything else, space included, as uppercase %XX). IMMUTABLE and PARALLEL
-- SAFE: it reads only its arguments.
CREATE FUNCTION spoor.kql_url_encode(value text, component boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(string_agg(
    CASE
      WHEN c ~ CASE WHEN component THEN '^[A-Za-z0-9_.~-]$' ELSE '^[A-Za-z0-9_.!*()-]$' END THEN c
      WHEN c = ' ' AND NOT component THEN '+'
      ELSE (
        SELECT string_agg(
          '%' || CASE WHEN component THEN upper(lpad(to_hex(get_byte(b, i)), 2, '0'))
                      ELSE lpad(to_hex(get_byte(b, i)), 2, '0') END, '' ORDER BY i)
        FROM (SELECT convert_to(c, 'UTF8') AS b) AS bytes, generate_series(0, length(b) - 1) AS i)
    END, '' ORDER BY o), '')
  FROM (SELECT substr(value, o, 1) AS c, o FROM generate_series(1, char_length(value)) AS o) AS characters
$$;

-- make_datetime(year, month, day [, hour, minute [, second]]): the UTC instant, or null (never an error) when a
-- part is out of its documented range: month 1–12, day 1 to the month's last day, hour 0–23, minute 0–59, second
-- at least 0 and below 60. Years run from 1 to 9999: Kusto documents 0 as allowed, but its datetime (.NET's)
-- starts at year 1, so year 0 is null too. Seconds keep PostgreSQL's microseconds (Kusto keeps 100 ns ticks).
-- Not inlined (it has a FROM), so make_date never sees unchecked values.
CREATE FUNCTION spoor.kql_make_datetime(
  year bigint, month bigint, day bigint, hour bigint, minute bigint, second double precision
) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN year BETWEEN 1 AND 9999 AND month BETWEEN 1 AND 12 AND hour BETWEEN 0 AND 23 AND minute BETWEEN 0 AND 59
      AND second >= 0 AND second < 60 THEN
      CASE
        WHEN day BETWEEN 1 AND extract(day FROM make_date(year::integer, month::integer, 1) + interval '1 month'
                                                 - interval '1 day') THEN
          make_timestamptz(year::integer, month::integer, day::integer, hour::integer, minute::integer, 0, 'UTC')
            + make_interval(secs => second)
      END
  END
  FROM (SELECT 1) AS one
$$;
