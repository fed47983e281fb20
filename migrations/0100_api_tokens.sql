-- Bearer tokens of `spoor serve` (`spoor token create/list/revoke`). Only the SHA-256 of a token is stored: the
-- token itself is printed once, when it is created, and cannot be recovered from the database.
CREATE TABLE spoor.api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (name <> ''),
  -- Each role includes the ones before it: reader < hunter < admin. `ingest` may only load events.
  role text NOT NULL CHECK (role IN ('reader', 'hunter', 'ingest', 'admin')),
  -- Lowercase hex SHA-256 of the whole token text.
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Names identify live tokens in `spoor token list/revoke`; a revoked token's name may be reused.
CREATE UNIQUE INDEX api_tokens_live_name ON spoor.api_tokens (name) WHERE revoked_at IS NULL;

-- spoor_reader (dashboards) reads the spoor schema by default privileges; token hashes are not for dashboards.
REVOKE ALL ON spoor.api_tokens FROM spoor_reader;
