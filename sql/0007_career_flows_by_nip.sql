-- 0007: career_flows rows are found by employee too.
--
-- Every live projection batch deletes and rewrites the rows of the employees it touches, in every
-- read model, by NIP. The other tables have an index that starts with nip; career_flows had only
-- its day index, so each batch scanned the whole table (tens of milliseconds at 20,000
-- employees, growing with the workforce), which was most of the live lag.

CREATE INDEX career_flows_nip ON career_flows (nip);
