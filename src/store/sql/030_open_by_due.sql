-- 030: the deadlines walk only the recommendations not closed (issue #18
-- item 1; docs/benchmarks.md, 2026-12-06).
--
-- The list of every body's deadlines walked recommendations_by_due_cover
-- (026) in due order until it had kept the page: closed recommendations
-- included, about a quarter of the entries it read. This index holds only
-- those not closed, with the columns the list shows or tests, so the walk
-- reads no entry it skips but for a theme, a priority or an issue day
-- after today. status is there though every entry's is not 'closed': the
-- walk's WHERE names it (that is how the index is chosen), and SQLite
-- reads an index alone only when it holds every column the query names.
CREATE INDEX recommendations_open_by_due ON recommendations(due_first_day, issued_on, priority, body_id, due_deadline,
  number, cause_id, status) WHERE status <> 'closed';
-- A recommendation closed after the list's day (a day in the past asked
-- for, or a closing dated ahead) is still open on that day: a second walk
-- reads those through 027's recommendations_closed_by_day, from the day
-- on; none, or a few, for today.
