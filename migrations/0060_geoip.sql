-- GeoIP: where an IP address is, for KQL geo_info_from_ip_address() and XQL iploc. Spoor ships no GeoIP data;
-- users load their own with `spoor ingest --table spoor.geoip FILE.csv`, one row per network with the CSV
-- header network,country,state,city,latitude,longitude (for example a GeoLite2 City export whose blocks and
-- locations files have been joined). Without rows every lookup is null.
--
-- `network` is a cidr (IPv4 or IPv6); an address is looked up in the most specific network holding it.
-- Names are text, "" when unknown (Kusto strings are never null); coordinates are degrees, null when unknown.
CREATE TABLE spoor.geoip (
  network   cidr NOT NULL PRIMARY KEY,
  country   text NOT NULL DEFAULT '',
  state     text NOT NULL DEFAULT '',
  city      text NOT NULL DEFAULT '',
  latitude  double precision,
  longitude double precision
);
-- GiST on the network: `network >>= address` (containment) is an index scan, not a scan of every block.
CREATE INDEX geoip_network_gist ON spoor.geoip USING gist (network inet_ops);

-- The location of `address` as Kusto's geo_info_from_ip_address returns it: a bag of country, state, city,
-- latitude and longitude, or null when no loaded network holds the address (or the address is null). The
-- caller turns invalid text into a null address first, so this never raises on user data. STABLE: it reads
-- spoor.geoip. PARALLEL SAFE: it opens no subtransaction and writes nothing.
CREATE FUNCTION spoor.geo_info_from_ip_address(address inet) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT jsonb_build_object(
    'country', g.country, 'state', g.state, 'city', g.city,
    'latitude', g.latitude, 'longitude', g.longitude)
  FROM spoor.geoip AS g
  WHERE g.network >>= address
  ORDER BY masklen(g.network) DESC
  LIMIT 1
$$;
