-- 0016: each mentoring with the days the mentee then spent in the grade held when it began,
-- up to the promotion that ended it (null while that grade is still held): the mentoring
-- report compares them with everyone's without joining every grade period at query time.
ALTER TABLE mentorships ADD COLUMN grade_days integer;
