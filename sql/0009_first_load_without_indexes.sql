-- 0009: a load into an empty log is checked without the log's indexes.
--
-- A first load (a whole register migrated into an empty log in one transaction) now sends all
-- its events in one COPY and builds the five indexes of `events` afterwards: keeping just the
-- primary key and the (stream, version) index up to date row by row took more server time than
-- loading the rows, and building them at the end takes a fraction of it. The append trigger
-- checks that COPY as a whole when it ends. Its last check looked up each stream's earlier
-- versions through the (stream, version) index, which is not there yet. A statement whose rows
-- start at position 1 found the log empty (its first check holds it to the head, and the head
-- moves only through this trigger and riwayat_append_one), so there is nothing to look up:
-- every stream must start at version 1. The lookup is now made only after position 1.
--
-- The function is otherwise unchanged from 0006 (the trigger that calls it, from 0008, stays).

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
    -- Each stream's new versions must continue its earlier ones. A statement that starts at
    -- position 1 found the log empty: nothing earlier to look up, every stream starts at 1.
    IF EXISTS (
        SELECT 1 FROM (
            SELECT n.stream, min(n.version) AS first_version, max(n.version) AS last_version, count(*) AS added
            FROM new_events n GROUP BY n.stream
        ) s
        WHERE s.last_version - s.first_version + 1 <> s.added
           OR s.first_version <> 1 + CASE WHEN first_position = 1 THEN 0 ELSE coalesce(
                (SELECT max(e.version) FROM events e WHERE e.stream = s.stream AND e.position < first_position), 0) END
    ) THEN
        RAISE EXCEPTION 'appended stream versions do not continue their streams' USING ERRCODE = 'RW002';
    END IF;
    SELECT n.hash INTO last_hash FROM new_events n WHERE n.position = last_position;
    UPDATE event_log_head SET position = last_position, hash = last_hash, recorded_at = now() WHERE singleton;
    PERFORM pg_notify('riwayat_events', last_position::text);
    RETURN NULL;
END
$$;
