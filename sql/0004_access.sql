-- 0004: API tokens and the access log of personal reads.

-- Tokens are shown once; only their SHA-256 is stored.
CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL UNIQUE,
    roles       text[] NOT NULL CHECK (roles <@ ARRAY['inspector', 'analyst', 'writer', 'admin']::text[] AND cardinality(roles) > 0),
    token_hash  bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Every read of a person's state or trail: who, which NIP, what, when, from where.
CREATE TABLE access_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    token_name  text NOT NULL,
    nip         text NOT NULL,
    action      text NOT NULL,
    remote      text,
    request_id  text
);
CREATE INDEX access_log_nip ON access_log (nip, at);
CREATE INDEX access_log_at ON access_log (at);

CREATE FUNCTION riwayat_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only' USING ERRCODE = 'RW001';
END
$$;

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_access_log_append_only();
