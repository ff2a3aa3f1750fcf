-- 0002: the event log. One row per career event, stored once and never changed.
--
-- Positions are gapless and follow commit order: every append takes one advisory lock and the
-- single head row (event_log_head) until it commits, so the transaction that writes position N+1 starts only
-- after N is committed and visible. Aborted appends leave no hole because positions are taken
-- from the head, which only moves when an append commits.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_writer') THEN
        CREATE ROLE riwayat_writer NOLOGIN;
    END IF;
END
$$;

CREATE TABLE events (
    position        bigint      NOT NULL CHECK (position > 0),
    stream          text        NOT NULL CHECK (stream <> ''),
    version         integer     NOT NULL CHECK (version > 0),
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL CHECK (event_type <> ''),
    schema_version  integer     NOT NULL CHECK (schema_version > 0),
    effective_date  date,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    payload         json        NOT NULL,
    metadata        json        NOT NULL,
    prev_hash       bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    CONSTRAINT events_pkey PRIMARY KEY (position),
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_version_key UNIQUE (stream, version)
);

COMMENT ON TABLE events IS 'Riwayat career events: immutable, gapless, SHA-256 hash-chained in position order.';
COMMENT ON COLUMN events.stream IS 'The employee''s NIP (Nomor Induk Pegawai).';
COMMENT ON COLUMN events.effective_date IS 'TMT (terhitung mulai tanggal): when the event takes effect.';
COMMENT ON COLUMN events.recorded_at IS 'When the store recorded the event: the server''s transaction time.';

CREATE INDEX events_type_position ON events (event_type, position);
CREATE INDEX events_effective_date ON events (effective_date, position);

-- The head of the log: its last position and hash. Moved only by the append trigger.
CREATE TABLE event_log_head (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    position    bigint      NOT NULL,
    hash        bytea       NOT NULL CHECK (octet_length(hash) = 32),
    recorded_at timestamptz
);

INSERT INTO event_log_head (position, hash) VALUES (0, decode(repeat('00', 32), 'hex'));

-- Appenders take the transaction advisory lock riwayat_append_lock() names, then read the head
-- (two statements, so the read sees the previous holder's commit).
CREATE FUNCTION riwayat_append_lock() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 5927493158403361025';

-- After every INSERT or COPY: the new rows must continue the log exactly (positions, chain
-- links, stream versions, recorded time); then the head moves and listeners are told.
CREATE FUNCTION riwayat_events_after_insert() RETURNS trigger
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
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h FOR UPDATE;
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
    UPDATE event_log_head SET position = last_position, hash = last_hash, recorded_at = now();
    PERFORM pg_notify('riwayat_events', last_position::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER events_append
    AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_events_after_insert();

-- Events are immutable: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION riwayat_events_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable: % is not allowed; record a correction or rescission event instead', TG_OP
        USING ERRCODE = 'RW001';
END
$$;

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_events_immutable();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_events_immutable();

CREATE TRIGGER event_log_head_no_delete
    BEFORE DELETE OR TRUNCATE ON event_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION riwayat_events_immutable();

-- The service appends as riwayat_writer, which may only read and insert events.
REVOKE ALL ON events, event_log_head FROM PUBLIC;
GRANT SELECT, INSERT ON events TO riwayat_writer;
GRANT SELECT ON event_log_head TO riwayat_writer;
GRANT riwayat_writer TO CURRENT_USER;
