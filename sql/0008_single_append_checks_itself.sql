-- 0008: a single append is checked once, not twice.
--
-- riwayat_append_one builds its row under the append lock and the head's row lock from the head
-- it read: the next position, the stream's next version, the server's time and the hash linked
-- to the head's. The statement trigger then re-derived all of that from the transition table with
-- six more statements, about 30% of the server's time for a single append. Now the function runs
-- as the schema owner with `riwayat.trusted_append` set for its own duration only (a function's
-- SET clause is undone when it returns), and the trigger is skipped when both hold: the row comes
-- from this function. The function also moves the head and sends the notification itself.
--
-- Nothing is weakened for the service's writer role: it cannot act as the owner, so its rows are
-- checked whatever it sets; an owner can already switch triggers off.

CREATE OR REPLACE FUNCTION riwayat_append_one(
    p_stream text, p_expected integer, p_id uuid, p_type text, p_schema integer, p_date date,
    p_payload json, p_metadata json,
    OUT outcome text, OUT event_position bigint, OUT stream_version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET riwayat.trusted_append TO 'on' AS $$
DECLARE
    existing record;
    head_position bigint;
    head_hash bytea;
    now_micros bigint;
    encoded bytea;
    event_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(riwayat_append_lock());
    SELECT e.position, e.stream, e.event_type, e.schema_version, e.effective_date, e.payload::text AS payload,
           e.metadata::text AS metadata
    INTO existing FROM events e WHERE e.event_id = p_id;
    IF FOUND THEN
        SELECT coalesce(max(e.version), 0) INTO stream_version FROM events e WHERE e.stream = p_stream;
        event_position := existing.position;
        IF existing.stream = p_stream AND existing.event_type = p_type AND existing.schema_version = p_schema
           AND existing.effective_date IS NOT DISTINCT FROM p_date AND existing.payload = p_payload::text
           AND existing.metadata = p_metadata::text THEN
            outcome := 'stored';
        ELSE
            outcome := 'idempotency-conflict';
        END IF;
        RETURN;
    END IF;
    SELECT coalesce(max(e.version), 0) INTO stream_version FROM events e WHERE e.stream = p_stream;
    IF (p_expected = -2 AND stream_version <> 0) OR (p_expected >= 0 AND stream_version <> p_expected) THEN
        outcome := 'version-conflict';
        event_position := 0;
        RETURN;
    END IF;
    -- The row lock as well as the append lock: writers that skip the latter wait here too.
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h WHERE h.singleton FOR UPDATE;
    now_micros := (extract(epoch FROM now()) * 1000000)::bigint;
    encoded := convert_to('riwayat-event-v1', 'UTF8') || head_hash || int8send(head_position + 1)
        || int4send(octet_length(convert_to(p_stream, 'UTF8'))) || convert_to(p_stream, 'UTF8')
        || int4send(stream_version + 1) || uuid_send(p_id)
        || int4send(octet_length(convert_to(p_type, 'UTF8'))) || convert_to(p_type, 'UTF8')
        || int4send(p_schema) || int4send(coalesce(p_date - DATE '1970-01-01', 2147483647)) || int8send(now_micros)
        || int4send(octet_length(convert_to(p_payload::text, 'UTF8'))) || convert_to(p_payload::text, 'UTF8')
        || int4send(octet_length(convert_to(p_metadata::text, 'UTF8'))) || convert_to(p_metadata::text, 'UTF8');
    event_hash := sha256(encoded);
    INSERT INTO events (position, stream, version, event_id, event_type, schema_version, effective_date, payload, metadata, prev_hash, hash)
    VALUES (head_position + 1, p_stream, stream_version + 1, p_id, p_type, p_schema, p_date, p_payload, p_metadata, head_hash, event_hash);
    UPDATE event_log_head SET position = head_position + 1, hash = event_hash, recorded_at = now() WHERE singleton;
    PERFORM pg_notify('riwayat_events', (head_position + 1)::text);
    outcome := 'appended';
    event_position := head_position + 1;
    stream_version := stream_version + 1;
END
$$;

REVOKE ALL ON FUNCTION riwayat_append_one(text, integer, uuid, text, integer, date, json, json) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION riwayat_append_one(text, integer, uuid, text, integer, date, json, json) TO riwayat_writer;

-- The trigger again, now skipped for the function's own rows: the owner's name is fixed here.
DO $$
DECLARE
    owner_name text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(p.proowner) INTO owner_name
    FROM pg_proc p WHERE p.oid = 'riwayat_append_one(text, integer, uuid, text, integer, date, json, json)'::regprocedure;
    DROP TRIGGER events_append ON events;
    EXECUTE format($trigger$
        CREATE TRIGGER events_append
            AFTER INSERT ON events
            REFERENCING NEW TABLE AS new_events
            FOR EACH STATEMENT
            WHEN (pg_catalog.current_setting('riwayat.trusted_append', true) IS DISTINCT FROM 'on'
                  OR current_user <> %L)
            EXECUTE FUNCTION riwayat_events_after_insert()
        $trigger$, owner_name);
END
$$;
