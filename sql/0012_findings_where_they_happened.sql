-- 0012: findings filed where the event happened, with what an inspector needs beside them; the
-- agency beside every unit, so units of the same name in different agencies stay apart.
--
-- `findings.unit` and the new `findings.agency` are now the unit and agency where the event
-- behind the finding took effect (for a transfer or an assignment, the destination);
-- `current_unit`/`current_agency` are the employee's today. Each finding carries the TMT, the
-- decree and the recorder of its first event. The projection's version moves with this
-- migration, so the read models are rebuilt on the next start.

ALTER TABLE findings
    ADD COLUMN agency text,
    ADD COLUMN current_unit text,
    ADD COLUMN current_agency text,
    ADD COLUMN effective_date date,
    ADD COLUMN decree_number text,
    ADD COLUMN decree_date date,
    ADD COLUMN recorded_by text,
    ADD COLUMN operator text,
    ADD COLUMN recorded_at timestamptz;
CREATE INDEX findings_agency_unit ON findings (agency, unit);
CREATE INDEX findings_current_agency_unit ON findings (current_agency, current_unit);
CREATE INDEX findings_rule ON findings (rule_id, effective_date);

ALTER TABLE grade_periods ADD COLUMN agency text;
ALTER TABLE career_flows ADD COLUMN agency text;

-- Penalties (hukuman disiplin) in force, per period, so eligibility can leave out anyone under one.
CREATE TABLE penalty_periods (
    nip     text NOT NULL,
    level   text NOT NULL,
    valid   daterange NOT NULL
);
CREATE INDEX penalty_periods_nip ON penalty_periods (nip);
CREATE INDEX penalty_periods_valid ON penalty_periods USING gist (valid);
ALTER TABLE penalty_periods OWNER TO riwayat_app;
GRANT SELECT ON penalty_periods TO riwayat_analyst;

-- Every SECURITY DEFINER function searches its own schema, then pg_temp last: with the default
-- (pg_temp searched first, implicitly) a caller's temporary table named `events` would stand in
-- for the log inside the owner's function.
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        WHERE p.prosecdef AND p.pronamespace = current_schema()::regnamespace
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', item.name, current_schema());
    END LOOP;
END
$$;

-- The access log's role sets what an entry says, never its id or time.
REVOKE INSERT ON access_log FROM riwayat_access_logger;
GRANT INSERT (token_id, token_name, person, action, nip, nips, query, status, remote, request_id) ON access_log TO riwayat_access_logger;
