-- 0003: read models rebuilt from the event log (see README, "Read models"). Every table here is
-- disposable: `riwayat projections rebuild` recreates it from the log.

CREATE TABLE projection_checkpoints (
    name        text PRIMARY KEY,
    version     integer NOT NULL,
    position    bigint NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per employee: the state as of the projection's "today".
CREATE TABLE employee_current (
    nip                 text PRIMARY KEY,
    sex                 text NOT NULL,
    birth_date          date NOT NULL,
    status              text NOT NULL,
    in_service          boolean NOT NULL,
    grade               text,
    grade_since         date,
    post_title          text,
    post_kind           text,
    functional_level    text,
    unit                text,
    agency              text,
    education           text,
    service_start       date,
    service_years       integer NOT NULL,
    last_predikat       text,
    talent_box          integer,
    training_jp_year    integer NOT NULL,
    retirement_date     date NOT NULL,
    open_findings       integer NOT NULL,
    last_position       bigint NOT NULL
);

-- Validity intervals (like SAP HR begin/end dates): one row per period in which none of
-- grade, post, unit, agency, status or education changed.
CREATE TABLE employee_periods (
    nip                 text NOT NULL,
    valid               daterange NOT NULL,
    status              text NOT NULL,
    in_service          boolean NOT NULL,
    grade               text,
    post_title          text,
    post_kind           text,
    functional_level    text,
    unit                text,
    agency              text,
    education           text,
    sex                 text NOT NULL,
    birth_date          date NOT NULL
);
CREATE INDEX employee_periods_valid ON employee_periods USING gist (valid);
CREATE INDEX employee_periods_nip ON employee_periods (nip);

-- Grade periods: one row per grade held, for promotion velocity.
CREATE TABLE grade_periods (
    nip         text NOT NULL,
    grade       text NOT NULL,
    valid       daterange NOT NULL,
    unit        text,
    ended_by    text
);
CREATE INDEX grade_periods_valid ON grade_periods USING gist (valid);
CREATE INDEX grade_periods_nip ON grade_periods (nip);

-- Policy-rule findings, open or explained by a later correction or rescission.
CREATE TABLE findings (
    nip         text NOT NULL,
    rule_id     text NOT NULL,
    severity    text NOT NULL,
    message     text NOT NULL,
    event_ids   uuid[] NOT NULL,
    state       text NOT NULL CHECK (state IN ('open', 'explained')),
    unit        text
);
CREATE INDEX findings_nip ON findings (nip);
CREATE INDEX findings_unit ON findings (unit);

-- Training hours (JP) and ratings per employee and year.
CREATE TABLE training_years (
    nip     text NOT NULL,
    year    integer NOT NULL,
    hours   integer NOT NULL,
    PRIMARY KEY (nip, year)
);

CREATE TABLE rating_years (
    nip         text NOT NULL,
    year        integer NOT NULL,
    predikat    text NOT NULL,
    PRIMARY KEY (nip, year)
);

-- Separations, hires and promotions by date, for yearly flows.
CREATE TABLE career_flows (
    nip     text NOT NULL,
    day     date NOT NULL,
    flow    text NOT NULL,
    detail  text,
    unit    text
);
CREATE INDEX career_flows_day ON career_flows (day);
