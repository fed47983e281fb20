-- parse_ipv4_mask(ip, prefix) (parse-ipv4-mask-function.md): the IPv4 address as a big-endian long, keeping its
-- leading `prefix` bits (an integer from 0 to 32, as documented) and zeroing the rest. The address is read as
-- ipv4_compare and format_ipv4 read it (spoor.kql_ip_bits, migration 0141): an IP-prefix in the text masks too, and
-- the shortest of the two wins, as format_ipv4_mask's does. Null when the conversion fails: an invalid address, or
-- a prefix outside 0–32 or null. IMMUTABLE and PARALLEL SAFE: it reads only its arguments.
CREATE FUNCTION spoor.kql_parse_ipv4_mask(ip text, prefix bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN bits IS NULL OR prefix IS NULL OR prefix < 0 OR prefix > 32 THEN NULL
    ELSE rpad(left(bits, least(char_length(bits), prefix::integer)), 32, '0')::bit(32)::bigint
  END
  FROM (SELECT spoor.kql_ip_bits(ip, 32) AS bits) AS parsed
$$;
