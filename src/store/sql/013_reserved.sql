-- 013: a placeholder holding this number for a migration being written on another
-- branch (migrations apply by position, numbered without gaps); replaced by
-- that branch's file when the branches are merged. Changes nothing.
SELECT 1;
