-- 0011: every token belongs to a person, every access is recorded with who and what, and the
-- service runs as roles that can do only what it needs.
--
-- Roles (cluster-wide; created here when missing, re-granted by sql/privileges.sql on every
-- `riwayat migrate`):
--   riwayat_writer         NOLOGIN: reads and appends events (through the append trigger's checks
--                          or the store's functions); never updates or deletes.
--   riwayat_app            LOGIN: the daemon and the commands. A riwayat_writer; owns the
--                          disposable read models (a projection rebuild swaps them); reads and
--                          manages tokens; reads the access log. Cannot write the access log.
--   riwayat_access_logger  LOGIN: only inserts access-log entries.
--   riwayat_analyst        NOLOGIN: reads the read models (for psql users; grant it to them).
-- The schema's owner (who runs `riwayat migrate`) keeps everything else.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_app') THEN
        CREATE ROLE riwayat_app LOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_access_logger') THEN
        CREATE ROLE riwayat_access_logger LOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_analyst') THEN
        CREATE ROLE riwayat_analyst NOLOGIN;
    END IF;
END
$$;

GRANT riwayat_writer TO riwayat_app;
-- The owner may act for the app (to alter the read models it owns in later migrations).
GRANT riwayat_app TO CURRENT_USER;

-- Tokens belong to a person (a NIP or system:NAME), may be limited to agencies or units
-- (writes outside them are refused), and may expire.
ALTER TABLE api_tokens
    ADD COLUMN person text,
    ADD COLUMN agencies text[] NOT NULL DEFAULT '{}',
    ADD COLUMN units text[] NOT NULL DEFAULT '{}',
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN created_by text;
UPDATE api_tokens SET person = 'system:' || left(lower(regexp_replace(name, '[^a-zA-Z0-9._-]+', '-', 'g')), 64)
WHERE person IS NULL;
ALTER TABLE api_tokens ALTER COLUMN person SET NOT NULL;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_person_form
    CHECK (person ~ '^([0-9]{18}|system:[a-z0-9._-]{1,64})$');

-- An access-log entry names the token and its person, every NIP the answer held (`nips`), the
-- query behind a list, and the status answered (refused attempts are entries too).
ALTER TABLE access_log
    ALTER COLUMN nip DROP NOT NULL,
    ALTER COLUMN token_name DROP NOT NULL,
    ADD COLUMN token_id uuid,
    ADD COLUMN person text,
    ADD COLUMN nips text[] NOT NULL DEFAULT '{}',
    ADD COLUMN query text,
    ADD COLUMN status integer NOT NULL DEFAULT 200;
-- (Entries written before this migration keep their NIP in `nip` alone: the log is append-only.)
CREATE INDEX access_log_nips ON access_log USING gin (nips);
CREATE INDEX access_log_person ON access_log (person, at);

-- The read models are disposable and rebuilt by the service: the app owns them.
ALTER TABLE employee_current OWNER TO riwayat_app;
ALTER TABLE employee_periods OWNER TO riwayat_app;
ALTER TABLE grade_periods OWNER TO riwayat_app;
ALTER TABLE findings OWNER TO riwayat_app;
ALTER TABLE training_years OWNER TO riwayat_app;
ALTER TABLE rating_years OWNER TO riwayat_app;
ALTER TABLE career_flows OWNER TO riwayat_app;

-- A first load (a whole register into an empty log, one transaction) by a role that does not
-- own the log: these two functions run as the owner and do the owner's part. The load is only
-- ever committed whole and checked: the begin function leaves a row that a deferred constraint
-- trigger refuses at commit unless the finish function (which builds the indexes, checks the
-- whole log with riwayat_check_first_load() and puts the append trigger back) removed it.
CREATE TABLE riwayat_first_load (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    statements  text[] NOT NULL,
    restore     text[] NOT NULL
);
REVOKE ALL ON riwayat_first_load FROM PUBLIC;

CREATE FUNCTION riwayat_first_load_unfinished() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM riwayat_first_load) THEN
        RAISE EXCEPTION 'a first load commits only through riwayat_first_load_finish()' USING ERRCODE = 'RW002';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER riwayat_first_load_must_finish
    AFTER INSERT ON riwayat_first_load DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION riwayat_first_load_unfinished();

-- Locks the log, checks that it is empty, drops its five indexes and its append trigger (their
-- definitions kept for the finish). Returns false, changing nothing, when the log is not empty.
CREATE FUNCTION riwayat_first_load_begin() RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    item record;
    statements text[] := '{}';
    restore text[] := '{}';
BEGIN
    LOCK TABLE events IN ACCESS EXCLUSIVE MODE;
    PERFORM pg_advisory_xact_lock(riwayat_append_lock());
    IF (SELECT h.position FROM event_log_head h WHERE h.singleton) <> 0 THEN
        RETURN false;
    END IF;
    FOR item IN
        SELECT c.relname AS name, pg_get_indexdef(c.oid) AS index_definition, con.conname IS NOT NULL AS is_constraint,
               pg_get_constraintdef(con.oid) AS constraint_definition
        FROM pg_class c LEFT JOIN pg_constraint con ON con.conindid = c.oid AND con.conrelid = 'events'::regclass
        WHERE c.relname IN ('events_pkey', 'events_stream_version_key', 'events_event_id_key', 'events_type_position',
                            'events_effective_date')
          AND c.relkind = 'i'
        ORDER BY array_position(ARRAY['events_pkey', 'events_stream_version_key', 'events_event_id_key', 'events_type_position',
                                      'events_effective_date']::name[], c.relname)
    LOOP
        IF item.is_constraint THEN
            EXECUTE format('ALTER TABLE events DROP CONSTRAINT %I', item.name);
            statements := statements || format('ALTER TABLE events ADD CONSTRAINT %I %s', item.name, item.constraint_definition);
        ELSE
            EXECUTE format('DROP INDEX %I', item.name);
            statements := statements || item.index_definition;
        END IF;
    END LOOP;
    SELECT restore || pg_get_triggerdef(t.oid) INTO restore
    FROM pg_trigger t WHERE t.tgrelid = 'events'::regclass AND t.tgname = 'events_append';
    DROP TRIGGER events_append ON events;
    INSERT INTO riwayat_first_load (statements, restore) VALUES (statements, restore);
    RETURN true;
END
$$;

-- Builds the indexes again, checks the whole log (riwayat_check_first_load moves the head),
-- restores the append trigger. Returns the last position.
CREATE FUNCTION riwayat_first_load_finish() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    pending riwayat_first_load;
    statement text;
    last_position bigint;
BEGIN
    SELECT * INTO pending FROM riwayat_first_load WHERE singleton;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no first load is open in this transaction' USING ERRCODE = 'RW002';
    END IF;
    FOREACH statement IN ARRAY pending.statements LOOP
        EXECUTE statement;
    END LOOP;
    last_position := riwayat_check_first_load();
    FOREACH statement IN ARRAY pending.restore LOOP
        EXECUTE statement;
    END LOOP;
    DELETE FROM riwayat_first_load WHERE singleton;
    RETURN last_position;
END
$$;

REVOKE ALL ON FUNCTION riwayat_first_load_unfinished() FROM PUBLIC;
REVOKE ALL ON FUNCTION riwayat_first_load_begin() FROM PUBLIC;
REVOKE ALL ON FUNCTION riwayat_first_load_finish() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION riwayat_first_load_begin() TO riwayat_writer;
GRANT EXECUTE ON FUNCTION riwayat_first_load_finish() TO riwayat_writer;
