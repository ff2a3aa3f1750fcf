-- 0005: one-round-trip append of a single event (the common case of a clerk recording one
-- decree). Same rules as the client path: the append lock, idempotency by event id, the expected
-- version, and the canonical hash (README, "Tamper evidence") computed here with sha256(); the
-- statement trigger on events still checks the chain, and `riwayat verify` recomputes every hash
-- in Swift, so the two encodings are held to each other.
--
-- p_expected: -1 any, -2 no stream, n >= 0 exactly n. Returns the outcome ('appended', 'stored',
-- 'version-conflict', 'idempotency-conflict'), the position and the stream's version.
CREATE FUNCTION riwayat_append_one(
    p_stream text, p_expected integer, p_id uuid, p_type text, p_schema integer, p_date date,
    p_payload json, p_metadata json,
    OUT outcome text, OUT event_position bigint, OUT stream_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    existing record;
    head_position bigint;
    head_hash bytea;
    now_micros bigint;
    encoded bytea;
BEGIN
    PERFORM set_config('role', 'riwayat_writer', true);
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
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h;
    now_micros := (extract(epoch FROM now()) * 1000000)::bigint;
    encoded := convert_to('riwayat-event-v1', 'UTF8') || head_hash || int8send(head_position + 1)
        || int4send(octet_length(convert_to(p_stream, 'UTF8'))) || convert_to(p_stream, 'UTF8')
        || int4send(stream_version + 1) || uuid_send(p_id)
        || int4send(octet_length(convert_to(p_type, 'UTF8'))) || convert_to(p_type, 'UTF8')
        || int4send(p_schema) || int4send(coalesce(p_date - DATE '1970-01-01', 2147483647)) || int8send(now_micros)
        || int4send(octet_length(convert_to(p_payload::text, 'UTF8'))) || convert_to(p_payload::text, 'UTF8')
        || int4send(octet_length(convert_to(p_metadata::text, 'UTF8'))) || convert_to(p_metadata::text, 'UTF8');
    INSERT INTO events (position, stream, version, event_id, event_type, schema_version, effective_date, payload, metadata, prev_hash, hash)
    VALUES (head_position + 1, p_stream, stream_version + 1, p_id, p_type, p_schema, p_date, p_payload, p_metadata, head_hash, sha256(encoded));
    outcome := 'appended';
    event_position := head_position + 1;
    stream_version := stream_version + 1;
END
$$;
