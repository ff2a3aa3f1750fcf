-- 0006: the head row is found through its key, whatever the size of its table.
--
-- event_log_head holds one row that every append updates. While a long transaction (a projection
-- rebuild, a large export) holds back the cleanup horizon, each update leaves a version behind
-- that cannot be pruned, the row moves on to fresh pages and the table grows; it shrinks only
-- when a vacuum finds its tail empty. Reads without a WHERE clause then scan every page (measured
-- on a daemon's store: 91 pages, about 16 microseconds per read, four reads per append). Reading
-- and updating the head by its primary key (`WHERE singleton`) costs the same at any size, and
-- autovacuum visits the table after every thousand dead versions, so the space is reused and the
-- tail truncated.
--
-- Both functions are otherwise unchanged from 0002 and 0005.

ALTER TABLE event_log_head SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0);

CREATE OR REPLACE FUNCTION riwayat_events_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    head_position bigint;
    head_hash bytea;
    first_position bigint;
    last_position bigint;
    row_count bigint;
    server_time boolean;
    linked boolean;
    last_hash bytea;
BEGIN
    -- Appenders hold the advisory lock already; the row lock also stops anyone who skipped it.
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h WHERE h.singleton FOR UPDATE;
    SELECT min(n.position), max(n.position), count(*), bool_and(n.recorded_at = now()),
           bool_and(n.prev_hash = coalesce(n.previous, head_hash))
    INTO first_position, last_position, row_count, server_time, linked
    FROM (SELECT e.position, e.recorded_at, e.prev_hash, lag(e.hash) OVER (ORDER BY e.position) AS previous
          FROM new_events e) n;
    IF row_count = 0 THEN
        RETURN NULL;
    END IF;
    IF first_position <> head_position + 1 OR last_position - first_position + 1 <> row_count THEN
        RAISE EXCEPTION 'appended positions % to % do not continue the log at %', first_position, last_position, head_position + 1
            USING ERRCODE = 'RW002';
    END IF;
    IF NOT linked THEN
        RAISE EXCEPTION 'appended events do not link to the hash chain' USING ERRCODE = 'RW002';
    END IF;
    IF NOT server_time THEN
        RAISE EXCEPTION 'recorded_at is set by the server, not the client' USING ERRCODE = 'RW002';
    END IF;
    IF EXISTS (
        SELECT 1 FROM (
            SELECT n.stream, min(n.version) AS first_version, max(n.version) AS last_version, count(*) AS added
            FROM new_events n GROUP BY n.stream
        ) s
        WHERE s.last_version - s.first_version + 1 <> s.added
           OR s.first_version <> 1 + coalesce(
                (SELECT max(e.version) FROM events e WHERE e.stream = s.stream AND e.position < first_position), 0)
    ) THEN
        RAISE EXCEPTION 'appended stream versions do not continue their streams' USING ERRCODE = 'RW002';
    END IF;
    SELECT n.hash INTO last_hash FROM new_events n WHERE n.position = last_position;
    UPDATE event_log_head SET position = last_position, hash = last_hash, recorded_at = now() WHERE singleton;
    PERFORM pg_notify('riwayat_events', last_position::text);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION riwayat_append_one(
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
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h WHERE h.singleton;
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
