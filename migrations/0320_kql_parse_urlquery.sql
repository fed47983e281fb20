-- The query parameters of a URL's query part, as parse_url reads them (migration 0040): a parameter is a
-- `key=value` piece between `&`s, split at its first `=`; pieces without `=` are dropped; values are kept as written
-- (not percent-decoded: Kusto documents no decoding for parse_url or parse_urlquery); when a key repeats, its last
-- value wins. parse_url now reads its query through this function, and parse_urlquery(query) is
-- `{"Query Parameters": spoor.kql_query_parameters(query)}` (Sources/SpoorSQL/StatementBuilder+Parsing.swift), so
-- both keep one rule. IMMUTABLE and PARALLEL SAFE: it reads only its argument.
CREATE FUNCTION spoor.kql_query_parameters(query text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT coalesce(jsonb_object_agg(pair[1], pair[2] ORDER BY piece.number), '{}'::jsonb)
  FROM regexp_split_to_table(coalesce(query, ''), '&') WITH ORDINALITY AS piece(text, number)
  CROSS JOIN LATERAL regexp_match(piece.text, '^([^=]*)=(.*)$') AS split(pair)
  WHERE pair IS NOT NULL
$$;

-- parse_url as migration 0040 defines it, its query parameters now read by spoor.kql_query_parameters.
CREATE OR REPLACE FUNCTION spoor.parse_url(url text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  -- scheme, authority, path, query, fragment
  parts text[] := regexp_match(
    coalesce(url, ''), '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$');
  -- user, password, host and port
  credentials text[];
  host_and_port text[];
BEGIN
  IF parts IS NULL THEN
    RETURN jsonb_build_object(
      'Scheme', '', 'Host', '', 'Port', '', 'Path', '', 'Username', '', 'Password', '',
      'Query Parameters', '{}'::jsonb, 'Fragment', '');
  END IF;
  credentials := coalesce(
    regexp_match(parts[2], '^([^:@]*):([^@]*)@(.*)$'), ARRAY['', '', parts[2]]);
  host_and_port := coalesce(
    regexp_match(credentials[3], '^(.*):([^:]*)$'), ARRAY[credentials[3], '']);
  RETURN jsonb_build_object(
    'Scheme', parts[1], 'Host', host_and_port[1], 'Port', host_and_port[2], 'Path', parts[3],
    'Username', credentials[1], 'Password', credentials[2], 'Query Parameters', spoor.kql_query_parameters(parts[4]),
    'Fragment', coalesce(parts[5], ''));
END;
$$;
