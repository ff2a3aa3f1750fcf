-- 0021: each assessed level with how many trainings tagged with that competency ended on or after
-- the assessment: the gap reports read it instead of looking trainings up row by row.
ALTER TABLE competency_levels ADD COLUMN trainings_since integer NOT NULL DEFAULT 0;
