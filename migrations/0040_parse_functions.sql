-- Kusto's parse_url(), parse_path() and parse_command_line(…, "windows") on text, for the SQL the emitter
-- generates (Sources/SpoorSQL/StatementBuilder+Parsing.swift). Each returns the jsonb Kusto returns as its
-- dynamic value. A null argument is read as "" (a Kusto string is never null). All three are IMMUTABLE and
-- PARALLEL SAFE: they read nothing but their arguments and open no subtransaction.

-- parse_url: a bag of Scheme, Host, Port, Path, Username, Password, Query Parameters (a bag) and Fragment,
-- each a string, "" when absent. What Kusto is seen to do, and is reproduced here:
-- - only `scheme://…` is parsed; anything else (`mailto:…`, `bing.com`, "") gives the bag with every string
--   empty and no query parameters;
-- - a user name is recognised only as `user:password@`; `user@host` stays in Host;
-- - the port is what follows the last `:` of the host part, digits or not (`[2001:db8::7]` gives Host
--   `[2001:db8:` and Port `7]`);
-- - Path keeps its leading `/`;
-- - a query parameter is a `key=value` piece between `&`s, split at its first `=`; pieces without `=` are
--   dropped; values are kept as written (not percent-decoded); when a key repeats, its last value wins
--   (as reported of Kusto in MicrosoftDocs/dataexplorer-docs#917).
CREATE FUNCTION spoor.parse_url(url text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  -- scheme, authority, path, query, fragment
  parts text[] := regexp_match(
    coalesce(url, ''), '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$');
  -- user, password, host and port
  credentials text[];
  host_and_port text[];
  parameters jsonb;
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
  SELECT coalesce(jsonb_object_agg(pair[1], pair[2] ORDER BY piece.number), '{}'::jsonb)
  INTO parameters
  FROM regexp_split_to_table(coalesce(parts[4], ''), '&') WITH ORDINALITY AS piece(text, number)
  CROSS JOIN LATERAL regexp_match(piece.text, '^([^=]*)=(.*)$') AS split(pair)
  WHERE pair IS NOT NULL;
  RETURN jsonb_build_object(
    'Scheme', parts[1], 'Host', host_and_port[1], 'Port', host_and_port[2], 'Path', parts[3],
    'Username', credentials[1], 'Password', credentials[2], 'Query Parameters', parameters,
    'Fragment', coalesce(parts[5], ''));
END;
$$;

-- parse_path: a bag of Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension and
-- AlternateDataStreamName, each a string, "" when absent. Both `\` and `/` separate; nothing is normalised.
-- - Scheme: the `scheme` of a leading `scheme://` (two characters at least, so a drive letter never is one);
--   the rest of the text is the path;
-- - RootPath: the drive (`C:`), also after a `\\?\` long-path prefix; a share (`\\server\share`) or a leading
--   `/` is not a root, as Kusto's own `\\shared\users\…` and `/usr/lib/…` examples show;
-- - DirectoryPath: the path up to its last separator, without that separator (`C:\temp`, `\\shared\users\temp`);
-- - DirectoryName: the last name in DirectoryPath after the root (`temp`);
-- - Filename: what follows the last separator, up to the first `:` (`file.txt` of `file.txt:stream`);
-- - AlternateDataStreamName: what follows that `:` (`stream`);
-- - Extension: what follows the last `.` of Filename, without the dot (`gz` of `file.txt.gz`).
CREATE FUNCTION spoor.parse_path(path text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  -- scheme, the path after `scheme://`
  scheme_and_rest text[] := coalesce(
    regexp_match(coalesce(path, ''), '^([A-Za-z][A-Za-z0-9+.-]+)://(.*)$'), ARRAY['', coalesce(path, '')]);
  -- long-path prefix, drive, the rest
  rooted text[] := regexp_match(scheme_and_rest[2], '^(\\\\\?\\)?([A-Za-z]:)?(.*)$');
  -- the directory part after the root, the last name
  directory_and_name text[] := coalesce(
    regexp_match(rooted[3], '^(.*)[\\/]([^\\/]*)$'), ARRAY['', rooted[3]]);
  -- file name, alternate data stream
  file_and_stream text[] := regexp_match(directory_and_name[2], '^([^:]*)(?::(.*))?$');
BEGIN
  RETURN jsonb_build_object(
    'Scheme', scheme_and_rest[1],
    'RootPath', coalesce(rooted[2], ''),
    'DirectoryPath', CASE
      WHEN directory_and_name[1] = '' AND rooted[2] IS NULL THEN ''
      ELSE coalesce(rooted[1], '') || coalesce(rooted[2], '') || directory_and_name[1]
    END,
    'DirectoryName', substring(directory_and_name[1] FROM '[^\\/]*$'),
    'Filename', file_and_stream[1],
    'Extension', coalesce(substring(file_and_stream[1] FROM '\.([^.]*)$'), ''),
    'AlternateDataStreamName', coalesce(file_and_stream[2], ''));
END;
$$;

-- parse_command_line(command_line, "windows"): the arguments, as a jsonb array of strings, split exactly as
-- Windows' CommandLineToArgvW splits them (the rules below follow its documented behaviour and Wine's
-- conformance-tested implementation). Any other parser type raises, as Kusto does.
-- - The first argument (the program) is special: when it starts with `"` it runs to the next `"`, else to
--   the next white-space character (space, tab, line feed, vertical tab, form feed, carriage return), which is
--   skipped; backslashes and quotes inside it are plain characters. Leading blanks therefore give an empty
--   first argument.
-- - After it, arguments are separated by runs of spaces and tabs outside quotes; trailing blanks add nothing.
-- - 2n backslashes before a `"` give n backslashes and the `"` opens or closes quoting; 2n+1 backslashes
--   before a `"` give n backslashes and a literal `"`; backslashes before anything else are literal.
-- - Inside quotes, `""` gives a literal `"` and ends the quoted part; a run of quotes counts in threes.
-- - An empty command line gives no arguments.
CREATE FUNCTION spoor.parse_command_line(command_line text, parser_type text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  characters text[] := regexp_split_to_array(coalesce(command_line, ''), '');
  total integer := char_length(coalesce(command_line, ''));
  position integer := 1;
  arguments text[] := ARRAY[]::text[];
  argument text := '';
  backslashes integer := 0;
  quotes integer := 0;
  current text;
BEGIN
  IF parser_type IS DISTINCT FROM 'windows' THEN
    RAISE EXCEPTION 'parse_command_line: unsupported parser type "%"; the only parser type is "windows"',
      parser_type USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF total = 0 THEN
    RETURN '[]'::jsonb;
  END IF;
  -- The program: to the closing quote, or to the first blank.
  IF characters[1] = '"' THEN
    position := 2;
    WHILE position <= total AND characters[position] <> '"' LOOP
      argument := argument || characters[position];
      position := position + 1;
    END LOOP;
    position := position + 1;
  ELSE
    WHILE position <= total AND characters[position] NOT IN (' ', E'\t', E'\n', E'\x0B', E'\f', E'\r') LOOP
      argument := argument || characters[position];
      position := position + 1;
    END LOOP;
    -- The white-space character that ended it is skipped, whichever it is.
    position := position + 1;
  END IF;
  arguments := arguments || argument;
  argument := '';
  WHILE position <= total AND characters[position] IN (' ', E'\t') LOOP
    position := position + 1;
  END LOOP;
  IF position > total THEN
    RETURN to_jsonb(arguments);
  END IF;
  -- The other arguments.
  WHILE position <= total LOOP
    current := characters[position];
    IF current IN (' ', E'\t') AND quotes = 0 THEN
      arguments := arguments || argument;
      argument := '';
      backslashes := 0;
      WHILE position <= total AND characters[position] IN (' ', E'\t') LOOP
        position := position + 1;
      END LOOP;
      IF position > total THEN
        RETURN to_jsonb(arguments);
      END IF;
    ELSIF current = '\' THEN
      argument := argument || current;
      backslashes := backslashes + 1;
      position := position + 1;
    ELSIF current = '"' THEN
      IF backslashes % 2 = 0 THEN
        -- Half the backslashes stay; the quote toggles quoting.
        argument := left(argument, length(argument) - backslashes / 2);
        quotes := quotes + 1;
      ELSE
        -- Half the backslashes stay; the last one escapes the quote.
        argument := left(argument, length(argument) - backslashes / 2 - 1) || '"';
      END IF;
      backslashes := 0;
      position := position + 1;
      WHILE position <= total AND characters[position] = '"' LOOP
        quotes := quotes + 1;
        IF quotes = 3 THEN
          argument := argument || '"';
          quotes := 0;
        END IF;
        position := position + 1;
      END LOOP;
      IF quotes = 2 THEN
        quotes := 0;
      END IF;
    ELSE
      argument := argument || current;
      backslashes := 0;
      position := position + 1;
    END IF;
  END LOOP;
  RETURN to_jsonb(arguments || argument);
END;
$$;
