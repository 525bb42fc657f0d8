-- 010: indexes for the deadlines and Engage candidates of every body
-- (store_deadline_snapshots, store_engage_candidates in
-- src/store/snapshot.c; docs/benchmarks.md).
-- The deadlines walk recommendations and deadline revisions in the order of
-- their due day (the first day of a date kept at its precision, as
-- FIRST_DAY there writes it) and stop at the page, instead of sorting every
-- open recommendation. The expressions must stay exactly the ones of the
-- queries, or these indexes are not used.
CREATE INDEX recommendations_by_due_day ON recommendations((CASE length(original_deadline)
  WHEN 4 THEN original_deadline || '-01-01' WHEN 7 THEN original_deadline || '-01' ELSE original_deadline END));
CREATE INDEX deadline_revisions_by_due_day ON deadline_revisions((CASE length(new_deadline)
  WHEN 4 THEN new_deadline || '-01-01' WHEN 7 THEN new_deadline || '-01' ELSE new_deadline END));
-- The candidates count each body's overdue recommendations from the index
-- alone (without reading the rows, whose texts are most of their size).
-- It leads with body_id, so it serves every lookup by body as well.
-- sqlite:
CREATE INDEX recommendations_by_body_state ON recommendations(body_id, status, closed_on, issued_on, original_deadline);
-- pg: SQLite keeps the id in every index; here it is included.
CREATE INDEX recommendations_by_body_state ON recommendations(body_id, status, closed_on, issued_on, original_deadline)
  INCLUDE (id);
-- end
DROP INDEX recommendations_by_body;
