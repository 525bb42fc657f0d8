-- 031: inspections by body in the order the rules read them (issue #18
-- item 1; docs/benchmarks.md, 2026-12-06).
--
-- The ranking of Engage candidates reads every body's inspections, by body
-- then publication day then id (store/candidate_rows.c CR_INSPECTIONS).
-- Through inspections_by_body (002: body_id alone) that was a lookup of
-- each of 100,000 rows in the table and a sort of each body's: about 45 ms
-- of CPU at 100,000 bodies in the sqlite3 shell. This index holds the
-- three columns the read takes, in its order: an index-only range, no sort
-- (about 5 ms). Its first column answers every lookup by body_id that
-- inspections_by_body did, so that one goes: a write pays for one index of
-- inspections by body, not two.
CREATE INDEX inspections_by_body_day ON inspections (body_id, published_on, id);
DROP INDEX inspections_by_body;
