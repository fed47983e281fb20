-- spoor.parse_json() without a subtransaction where the server allows it (issue 14).
--
-- 0030's body catches the cast's error in an EXCEPTION block, which opens a subtransaction: PostgreSQL forbids that
-- in parallel mode, so the function is not PARALLEL SAFE and every query calling it runs without parallel workers.
-- PostgreSQL 16 added pg_input_is_valid(text, type), which asks the type's input function whether the text is valid
-- without raising (jsonb_in reports its errors softly since 16, \u0000 among them), so there the function needs no
-- EXCEPTION block and is declared PARALLEL SAFE. Same results: the empty string gives null, valid JSON its value,
-- any other text a JSON string holding it.
--
-- PostgreSQL 15 has no such function, so there 0030's body stays as it is. The body is chosen when the migration
-- runs: a cluster later upgraded in place from 15 keeps the old body. It stays plpgsql, not a SQL function, because
-- the planner inlines a SQL function and folds `'constant'::jsonb` even in a CASE arm that would never run, raising
-- the very error the function exists to avoid.
DO $migration$
BEGIN
  IF current_setting('server_version_num')::int >= 160000 THEN
    EXECUTE $create$
      CREATE OR REPLACE FUNCTION spoor.parse_json(value text) RETURNS jsonb
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
      AS $body$
      BEGIN
        IF value = '' THEN
          RETURN NULL;
        END IF;
        IF pg_input_is_valid(value, 'jsonb') THEN
          RETURN value::jsonb;
        END IF;
        RETURN to_jsonb(value);
      END;
      $body$
    $create$;
  END IF;
END;
$migration$;
