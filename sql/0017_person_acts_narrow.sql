-- 0017: `person_acts` keeps who acted on whom and through which event; the event's TMT, decree,
-- recorder and time are read from the log for the few acts a finding names, not copied for
-- every rating. The projection's version moves with this migration (the tables are rebuilt).
ALTER TABLE person_acts
    DROP COLUMN event_type,
    DROP COLUMN effective_date,
    DROP COLUMN recorded_at,
    DROP COLUMN recorded_by,
    DROP COLUMN decree_number,
    DROP COLUMN decree_date,
    DROP COLUMN unit,
    DROP COLUMN agency;
