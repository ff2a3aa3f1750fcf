-- 0018: `person_acts` is read by the employee it concerns (and deleted by it when the stream
-- changes); nothing looks acts up by actor, so that index only cost rebuilds time.
DROP INDEX IF EXISTS person_acts_actor;
