-- Kusto's reading of an address for ipv4_compare / ipv6_compare / ipv6_is_match: an IPv4 or IPv6 address with an
-- optional /prefix in IP-prefix notation, as the text of its leading `prefix` bits ('0'/'1'), `width` bits in all.
--
-- width 32 (the ipv4_* functions): IPv4 addresses only, prefix 0–32. width 128 (the ipv6_* functions): IPv6
-- addresses (`::`-compressed, with an embedded IPv4 tail such as ::ffff:192.168.1.1 too), prefix 0–128, and IPv4
-- addresses as IPv4-mapped IPv6 (::ffff:a.b.c.d), whose prefix counts from bit 96, as Kusto compares IPv4 "as IPv6
-- addresses" ('192.168.1.1/24' equals '::ffff:c0a8:01ff' at 120 bits). Null for anything else (never an error).
-- The caller compares the leading min(prefixes, prefix argument) bits of two such texts: comparing '0'/'1' text of
-- equal length is comparing the numbers. Not inlined (it has a FROM), so the cast to inet only ever sees text the
-- patterns accepted. IMMUTABLE and PARALLEL SAFE: it reads only its arguments.
CREATE FUNCTION spoor.kql_ip_bits(ip text, width integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN m IS NULL THEN NULL
    WHEN m[1] ~ '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$'
      AND coalesce(m[2]::integer, 0) <= 32 THEN
      left(
        CASE WHEN width = 128 THEN repeat('0', 80) || repeat('1', 16) ELSE '' END
          || (('x' || encode(substring(inet_send(m[1]::inet) FROM 5), 'hex'))::bit(32))::text,
        coalesce(m[2]::integer + width - 32, width))
    WHEN width = 128 AND coalesce(m[2]::integer, 0) <= 128
      AND regexp_replace(m[1], '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$', '0:0')
        ~ ('^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}'
          || '|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}'
          || '|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}'
          || '|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))$')
      AND m[1] LIKE '%:%' THEN
      left(
        (('x' || encode(substring(inet_send(m[1]::inet) FROM 5), 'hex'))::bit(128))::text, coalesce(m[2]::integer, 128))
  END
  FROM (SELECT regexp_match(ip, '^([^/]+)(?:/([0-9]{1,3}))?$') AS m) AS parsed
$$;

-- ipv4_compare / ipv6_compare(ip1, ip2 [, prefix]): -1, 0 or 1 as the leading bits of the two addresses compare,
-- over the shortest of their prefixes and `prefix` (width when absent); null when an address is invalid or
-- `prefix` is outside 0..width.
CREATE FUNCTION spoor.kql_ip_compare(ip1 text, ip2 text, prefix bigint, width integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN a IS NULL OR b IS NULL OR prefix IS NULL OR prefix < 0 OR prefix > width THEN NULL
    WHEN left(a, n) < left(b, n) COLLATE "C" THEN -1
    WHEN left(a, n) > left(b, n) COLLATE "C" THEN 1
    ELSE 0
  END
  FROM (
    SELECT a, b, least(char_length(a), char_length(b), greatest(least(prefix, width), 0))::integer AS n
    FROM (SELECT spoor.kql_ip_bits(ip1, width) AS a, spoor.kql_ip_bits(ip2, width) AS b) AS bits
  ) AS compared
$$;
