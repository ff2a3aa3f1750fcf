-- 0015: read models of the merit system (DOMAIN.md, "The merit system in depth"), rebuilt from
-- the log like every read model. Rows of an employee's stream carry `nip`; rows of an agency's
-- stream (`instansi:<agency>`) carry `stream`. Findings of rules that look across streams (a
-- relative's rating, a JPT post without open selection, a move outside the career pattern, a key
-- post without a ready successor) are written into `findings` beside the others.

-- The latest assessed level of each competency (1-5).
CREATE TABLE competency_levels (
    nip         text NOT NULL,
    competency  text NOT NULL,
    level       integer NOT NULL,
    assessed_on date NOT NULL,
    event_id    uuid NOT NULL,
    PRIMARY KEY (nip, competency)
);

-- Training tagged with the competencies it develops: one row per training and competency.
CREATE TABLE training_competencies (
    nip         text NOT NULL,
    competency  text NOT NULL,
    day         date NOT NULL,
    hours       integer NOT NULL,
    event_id    uuid NOT NULL
);
CREATE INDEX training_competencies_nip ON training_competencies (nip, competency, day);

-- Family ties as declared (corrections and rescissions applied), in the declarer's stream.
CREATE TABLE family_ties (
    nip         text NOT NULL,
    relative    text NOT NULL,
    relation    text NOT NULL,
    declared_on date NOT NULL,
    event_id    uuid NOT NULL,
    recorded_at timestamptz,
    recorded_by text
);
CREATE INDEX family_ties_nip ON family_ties (nip, relative);
CREATE INDEX family_ties_relative ON family_ties (relative, nip);

-- Someone else acting on the employee: the appraiser of a rating, a mentor, the signer of a
-- decree (when the signer is named by NIP).
CREATE TABLE person_acts (
    nip             text NOT NULL,
    actor           text NOT NULL,
    role            text NOT NULL CHECK (role IN ('appraiser', 'mentor', 'decree-signer')),
    event_id        uuid NOT NULL,
    event_type      text NOT NULL,
    effective_date  date NOT NULL,
    recorded_at     timestamptz,
    recorded_by     text,
    decree_number   text,
    decree_date     date,
    unit            text,
    agency          text
);
CREATE INDEX person_acts_nip ON person_acts (nip, actor);
CREATE INDEX person_acts_actor ON person_acts (actor);

-- Named successors of key posts (jabatan target), with the readiness and the talent box the
-- successor had when named.
CREATE TABLE successors (
    nip         text NOT NULL,
    key_title   text NOT NULL,
    key_unit    text NOT NULL,
    key_agency  text NOT NULL,
    readiness   text NOT NULL,
    named_on    date NOT NULL,
    talent_box  integer,
    event_id    uuid NOT NULL
);
CREATE INDEX successors_post ON successors (key_agency, key_unit, key_title);
CREATE INDEX successors_nip ON successors (nip);

-- Every definitive post assignment with the definitive post held before it.
CREATE TABLE definitive_posts (
    nip             text NOT NULL,
    title           text NOT NULL,
    kind            text NOT NULL,
    unit            text NOT NULL,
    agency          text NOT NULL,
    previous_title  text,
    previous_kind   text,
    previous_agency text,
    event_id        uuid NOT NULL,
    effective_date  date NOT NULL,
    recorded_at     timestamptz,
    recorded_by     text,
    operator        text,
    decree_number   text,
    decree_date     date
);
CREATE INDEX definitive_posts_nip ON definitive_posts (nip);
CREATE INDEX definitive_posts_agency ON definitive_posts (agency, kind);

-- Mentoring and coaching: who mentors whom, when.
CREATE TABLE mentorships (
    nip         text NOT NULL,
    mentor      text NOT NULL,
    kind        text NOT NULL,
    valid       daterange NOT NULL,
    event_id    uuid NOT NULL
);
CREATE INDEX mentorships_nip ON mentorships (nip);
CREATE INDEX mentorships_mentor ON mentorships (mentor);

-- Open selections (seleksi terbuka) with their stage and outcome.
CREATE TABLE selections (
    stream              text NOT NULL,
    agency              text NOT NULL,
    selection_id        text NOT NULL,
    post_title          text NOT NULL,
    post_kind           text NOT NULL,
    unit                text NOT NULL,
    announced_on        date NOT NULL,
    stage               text NOT NULL CHECK (stage IN ('announced', 'committee', 'assessment', 'proposed', 'closed')),
    committee           text[] NOT NULL,
    committee_size      integer NOT NULL,
    candidates          integer NOT NULL,
    proposed            text[] NOT NULL,
    outcome             text,
    appointee           text,
    closed_on           date,
    announced_event     uuid NOT NULL,
    committee_event     uuid,
    committee_recorded_at timestamptz,
    proposed_event      uuid,
    closed_event        uuid,
    closed_recorded_at  timestamptz,
    closed_recorded_by  text,
    PRIMARY KEY (agency, selection_id)
);
CREATE INDEX selections_stream ON selections (stream);
CREATE INDEX selections_appointee ON selections (appointee);

-- Each candidate of a selection: the last stage reached and its result.
CREATE TABLE selection_candidates (
    stream          text NOT NULL,
    agency          text NOT NULL,
    selection_id    text NOT NULL,
    nip             text NOT NULL,
    stage           text NOT NULL,
    passed          boolean NOT NULL,
    score           double precision,
    proposed        boolean NOT NULL,
    appointed       boolean NOT NULL,
    assessed_on     date NOT NULL,
    event_id        uuid NOT NULL,
    PRIMARY KEY (agency, selection_id, nip)
);
CREATE INDEX selection_candidates_stream ON selection_candidates (stream);
CREATE INDEX selection_candidates_nip ON selection_candidates (nip);

-- The competency standard of each post title of an agency (the latest declaration).
CREATE TABLE competency_standards (
    stream      text NOT NULL,
    agency      text NOT NULL,
    title       text NOT NULL,
    competency  text NOT NULL,
    level       integer NOT NULL,
    declared_on date NOT NULL,
    event_id    uuid NOT NULL,
    PRIMARY KEY (agency, title, competency)
);
CREATE INDEX competency_standards_stream ON competency_standards (stream);

-- The agency's career pattern (the latest declaration): allowed moves between post families.
CREATE TABLE career_patterns (
    stream      text NOT NULL,
    agency      text NOT NULL,
    from_family text NOT NULL,
    to_family   text NOT NULL,
    declared_on date NOT NULL,
    event_id    uuid NOT NULL
);
CREATE INDEX career_patterns_agency ON career_patterns (agency);
CREATE INDEX career_patterns_stream ON career_patterns (stream);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['competency_levels', 'training_competencies', 'family_ties', 'person_acts', 'successors',
        'definitive_posts', 'mentorships', 'selections', 'selection_candidates', 'competency_standards', 'career_patterns']
    LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_app') THEN
            EXECUTE format('ALTER TABLE %I OWNER TO riwayat_app', name);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riwayat_analyst') THEN
            EXECUTE format('GRANT SELECT ON %I TO riwayat_analyst', name);
        END IF;
    END LOOP;
END
$$;
