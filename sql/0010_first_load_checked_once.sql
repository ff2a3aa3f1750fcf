-- 0010: a first load is checked once, over the whole log, after its indexes are built.
--
-- A first load (a whole register migrated into an empty log in one transaction, as the table's
-- owner, holding the table's ACCESS EXCLUSIVE lock) sends every event through one COPY. The
-- append trigger made PostgreSQL keep a copy of every new row for the trigger's transition table
-- (spilled to temporary files at a million rows) and then sorted that copy to follow the chain:
-- about 0.4 s while the rows went in and 1.1 s after, per million events. Disabling the trigger
-- does not stop the copying (PostgreSQL keeps transition tables for disabled triggers too), so
-- the load drops the trigger inside its transaction, builds the indexes, calls this function,
-- and creates the trigger again from its stored definition before it commits. A failure at any
-- point rolls all of it back: the trigger is never missing outside the load's own transaction.
--
-- The function checks what the trigger checks, over the whole table, once the unique indexes on
-- position and (stream, version) are back (it refuses to run without them: they rule out
-- repeated positions and versions, which the counts below could not tell from holes): the log
-- was empty (the head at 0), positions run 1, 2, … without holes, every row links to the one before it from the
-- genesis hash, every row carries the transaction's own time, and every stream's versions run
-- 1, 2, … . Then it moves the head and notifies listeners, as the trigger does.

CREATE FUNCTION riwayat_check_first_load() RETURNS bigint
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
    IF (SELECT count(*) FROM pg_constraint c
        WHERE c.conrelid = 'events'::regclass AND c.contype IN ('p', 'u')
          AND c.conname IN ('events_pkey', 'events_stream_version_key')) <> 2 THEN
        RAISE EXCEPTION 'a first load is checked after the unique indexes of events are built' USING ERRCODE = 'RW002';
    END IF;
    SELECT h.position, h.hash INTO head_position, head_hash FROM event_log_head h WHERE h.singleton FOR UPDATE;
    IF head_position <> 0 THEN
        RAISE EXCEPTION 'a first load needs an empty log; its head is at %', head_position USING ERRCODE = 'RW002';
    END IF;
    SELECT min(n.position), max(n.position), count(*), bool_and(n.recorded_at = now()),
           bool_and(n.prev_hash = coalesce(n.previous, head_hash))
    INTO first_position, last_position, row_count, server_time, linked
    FROM (SELECT e.position, e.recorded_at, e.prev_hash, lag(e.hash) OVER (ORDER BY e.position) AS previous
          FROM events e) n;
    IF row_count = 0 THEN
        RETURN 0;
    END IF;
    IF first_position <> 1 OR last_position <> row_count THEN
        RAISE EXCEPTION 'loaded positions % to % do not run from 1 without holes', first_position, last_position
            USING ERRCODE = 'RW002';
    END IF;
    IF NOT linked THEN
        RAISE EXCEPTION 'loaded events do not link to the hash chain' USING ERRCODE = 'RW002';
    END IF;
    IF NOT server_time THEN
        RAISE EXCEPTION 'recorded_at is set by the server, not the client' USING ERRCODE = 'RW002';
    END IF;
    IF EXISTS (
        SELECT 1 FROM events e GROUP BY e.stream
        HAVING min(e.version) <> 1 OR max(e.version) <> count(*)
    ) THEN
        RAISE EXCEPTION 'loaded stream versions do not run from 1 without holes' USING ERRCODE = 'RW002';
    END IF;
    SELECT e.hash INTO last_hash FROM events e WHERE e.position = last_position;
    UPDATE event_log_head SET position = last_position, hash = last_hash, recorded_at = now() WHERE singleton;
    PERFORM pg_notify('riwayat_events', last_position::text);
    RETURN last_position;
END
$$;

REVOKE ALL ON FUNCTION riwayat_check_first_load() FROM PUBLIC;
