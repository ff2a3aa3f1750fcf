-- 0020: each assessed level with where the employee is today (agency, unit, post, in service),
-- as `employee_current` has it: the competency-gap reports group the levels without joining every
-- employee first. Recomputed with the employee's other rows whenever the stream changes.
ALTER TABLE competency_levels
    ADD COLUMN agency text,
    ADD COLUMN unit text,
    ADD COLUMN post_title text,
    ADD COLUMN in_service boolean NOT NULL DEFAULT false;
CREATE INDEX competency_levels_agency ON competency_levels (agency, post_title, competency);
