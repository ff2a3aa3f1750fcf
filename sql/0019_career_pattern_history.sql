-- 0019: every career pattern an agency declared, each in force from its TMT until the next one's
-- (`valid_until`, exclusive; null for the pattern in force now): a move is judged by the pattern
-- in force when it took effect, so a new pattern does not erase findings under the old one.
ALTER TABLE career_patterns ADD COLUMN valid_until date;
