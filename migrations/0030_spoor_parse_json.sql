-- Kusto's parse_json()/todynamic() on text, for the SQL the emitter generates (Sources/SpoorSQL):
-- valid JSON gives its value, the empty string gives null, and any other text gives a JSON string holding
-- it, never an error (PostgreSQL 15 has no non-raising JSON input function; pg_input_is_valid is 16+).
-- IMMUTABLE like the cast it wraps. Not PARALLEL SAFE: the EXCEPTION block opens a subtransaction, which
-- PostgreSQL forbids in parallel mode, so queries calling it run without parallel workers.
CREATE FUNCTION spoor.parse_json(value text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF value = '' THEN
    RETURN NULL;
  END IF;
  RETURN value::jsonb;
EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
  RETURN to_jsonb(value);
END;
$$;
