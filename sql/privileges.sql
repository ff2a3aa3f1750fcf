-- Who may do what, applied by every `riwayat migrate` after the numbered migrations (idempotent):
-- a restore with other owners or without privileges (pg_restore --no-owner --no-privileges), or
-- a grant someone added by hand, is put right by the next migrate, which then checks the result
-- and refuses to report success while anything but the intended roles can append, or while any
-- SECURITY DEFINER function is executable by PUBLIC. See README, "Security".

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_writer') THEN
        CREATE ROLE riwayat_writer NOLOGIN;
    END IF;
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

-- Nothing for PUBLIC: not the tables, not the functions (trigger functions fire regardless).
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO riwayat_writer, riwayat_app, riwayat_access_logger, riwayat_analyst;

-- The log: read and appended, never changed. Appends are checked by the append trigger, or built
-- by riwayat_append_one; a first load goes through riwayat_first_load_begin/finish.
REVOKE ALL ON events, event_log_head FROM riwayat_writer, riwayat_app, riwayat_access_logger, riwayat_analyst;
GRANT SELECT, INSERT ON events TO riwayat_writer;
GRANT SELECT ON event_log_head, riwayat_instance TO riwayat_writer;
GRANT EXECUTE ON FUNCTION riwayat_append_lock() TO riwayat_writer;
GRANT EXECUTE ON FUNCTION riwayat_append_one(text, integer, uuid, text, integer, date, json, json) TO riwayat_writer;
GRANT EXECUTE ON FUNCTION riwayat_first_load_begin() TO riwayat_writer;
GRANT EXECUTE ON FUNCTION riwayat_first_load_finish() TO riwayat_writer;

-- The service: schema state, tokens, the projection checkpoints and the read models it owns,
-- reading (not writing) the access log.
GRANT SELECT ON schema_migrations TO riwayat_app;
GRANT SELECT, INSERT, UPDATE ON api_tokens TO riwayat_app;
GRANT SELECT ON access_log TO riwayat_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON projection_checkpoints TO riwayat_app;
-- The Merkle tree and the signed checkpoints: appended by the daemon, never changed.
GRANT SELECT, INSERT ON merkle_nodes, log_checkpoints, checkpoint_cosignatures TO riwayat_app;
GRANT CREATE ON SCHEMA public TO riwayat_app;
ALTER TABLE employee_current OWNER TO riwayat_app;
ALTER TABLE employee_periods OWNER TO riwayat_app;
ALTER TABLE grade_periods OWNER TO riwayat_app;
ALTER TABLE findings OWNER TO riwayat_app;
ALTER TABLE training_years OWNER TO riwayat_app;
ALTER TABLE rating_years OWNER TO riwayat_app;
ALTER TABLE career_flows OWNER TO riwayat_app;
ALTER TABLE penalty_periods OWNER TO riwayat_app;
ALTER TABLE competency_levels OWNER TO riwayat_app;
ALTER TABLE training_competencies OWNER TO riwayat_app;
ALTER TABLE family_ties OWNER TO riwayat_app;
ALTER TABLE person_acts OWNER TO riwayat_app;
ALTER TABLE successors OWNER TO riwayat_app;
ALTER TABLE definitive_posts OWNER TO riwayat_app;
ALTER TABLE mentorships OWNER TO riwayat_app;
ALTER TABLE selections OWNER TO riwayat_app;
ALTER TABLE selection_candidates OWNER TO riwayat_app;
ALTER TABLE competency_standards OWNER TO riwayat_app;
ALTER TABLE career_patterns OWNER TO riwayat_app;

-- The access log: inserted by its own role only; append-only for everybody (its trigger).
REVOKE ALL ON access_log FROM riwayat_access_logger;
GRANT INSERT (token_id, token_name, person, action, nip, nips, query, status, remote, request_id) ON access_log TO riwayat_access_logger;
GRANT USAGE ON SEQUENCE access_log_id_seq TO riwayat_access_logger;

-- Analysts with psql: the read models and the checkpoint they reflect, nothing else.
GRANT SELECT ON employee_current, employee_periods, grade_periods, findings, training_years, rating_years, career_flows,
    penalty_periods, projection_checkpoints, competency_levels, training_competencies, family_ties, person_acts, successors,
    definitive_posts, mentorships, selections, selection_candidates, competency_standards, career_patterns TO riwayat_analyst;
