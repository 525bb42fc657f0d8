-- 027: each body's count of open recommendations with a deadline, stored
-- (issue #18 item 1; docs/benchmarks.md, 2026-12-05 (night)).
--
-- The Engage candidates count each body's overdue recommendations at a
-- day: not closed by it, issued by it, current deadline before it. That
-- depends on the day, so it cannot be stored; but on a recent day nearly
-- every recommendation that is not closed is overdue, and the few that are
-- not are found through indexes (a deadline still to come, an issue day
-- after the day, a closure after it). So a body's overdue count is
--
--   body_open_recommendations.n (not closed, with a due day, now)
--   - those of them due on or after the day  (recommendations_by_due_cover, 026)
--   - those of them issued after the day     (recommendations_open_by_issue)
--   + those closed after the day, due before it and issued by it
--                                            (recommendations_closed_by_day)
--
-- and the ranking reads about one row a body, not every recommendation
-- (store/candidate_rows.c). n counts rows with status <> 'closed' (status
-- is NOT NULL) and due_first_day IS NOT NULL (025). It is derived, not the
-- record: the triggers below are the one place that keeps it, whatever
-- writes recommendations (forms, API, `oversight load`, reports, imports,
-- merges, synth, 025's own due-day triggers), and `audit verify --deep`
-- recomputes it and names a body where it differs (store/audit_deep.c).
-- A body with no such recommendation may have no row, or n = 0.
-- (body_id BIGINT: a key, not SQLite's rowid, as PostgreSQL's; the rows
-- kept in its order, read in one walk.)
-- sqlite:
CREATE TABLE body_open_recommendations (
  body_id BIGINT PRIMARY KEY,
  n INTEGER NOT NULL) WITHOUT ROWID;
-- pg:
CREATE TABLE body_open_recommendations (
  body_id BIGINT PRIMARY KEY,
  n INTEGER NOT NULL);
-- end
INSERT INTO body_open_recommendations (body_id, n)
  SELECT body_id, count(*) FROM recommendations WHERE status <> 'closed' AND due_first_day IS NOT NULL GROUP BY body_id;
-- sqlite:
CREATE TRIGGER recommendations_open_insert AFTER INSERT ON recommendations
  WHEN NEW.status <> 'closed' AND NEW.due_first_day IS NOT NULL
BEGIN
  INSERT INTO body_open_recommendations (body_id, n) VALUES (NEW.body_id, 1)
    ON CONFLICT (body_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER recommendations_open_update AFTER UPDATE OF status, due_first_day, body_id ON recommendations
  WHEN (OLD.status <> 'closed' AND OLD.due_first_day IS NOT NULL) OR (NEW.status <> 'closed' AND NEW.due_first_day IS NOT NULL)
BEGIN
  UPDATE body_open_recommendations SET n = n - 1
    WHERE body_id = OLD.body_id AND OLD.status <> 'closed' AND OLD.due_first_day IS NOT NULL;
  INSERT INTO body_open_recommendations (body_id, n) SELECT NEW.body_id, 1
    WHERE NEW.status <> 'closed' AND NEW.due_first_day IS NOT NULL
    ON CONFLICT (body_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER recommendations_open_delete AFTER DELETE ON recommendations
  WHEN OLD.status <> 'closed' AND OLD.due_first_day IS NOT NULL
BEGIN
  UPDATE body_open_recommendations SET n = n - 1 WHERE body_id = OLD.body_id;
END;
-- pg: the same as trigger functions; inserts counted once per statement
-- from its transition table, so synth's COPY stays one write a row
CREATE FUNCTION recommendations_open_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO body_open_recommendations (body_id, n)
    SELECT body_id, count(*) FROM added WHERE status <> 'closed' AND due_first_day IS NOT NULL GROUP BY body_id
    ON CONFLICT (body_id) DO UPDATE SET n = body_open_recommendations.n + EXCLUDED.n;
  RETURN NULL;
END $$;
CREATE TRIGGER recommendations_open_insert AFTER INSERT ON recommendations
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION recommendations_open_insert();
CREATE FUNCTION recommendations_open_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'closed' AND OLD.due_first_day IS NOT NULL THEN
    UPDATE body_open_recommendations SET n = n - 1 WHERE body_id = OLD.body_id;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.status <> 'closed' AND NEW.due_first_day IS NOT NULL THEN
      INSERT INTO body_open_recommendations (body_id, n) VALUES (NEW.body_id, 1)
        ON CONFLICT (body_id) DO UPDATE SET n = body_open_recommendations.n + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER recommendations_open_update AFTER UPDATE OF status, due_first_day, body_id ON recommendations
  FOR EACH ROW EXECUTE FUNCTION recommendations_open_change();
CREATE TRIGGER recommendations_open_delete AFTER DELETE ON recommendations
  FOR EACH ROW EXECUTE FUNCTION recommendations_open_change();
-- end

-- The two corrections that are not on 025's index: an issue day after the
-- day among the open ones, a closure after the day among the closed ones
-- (each a short range on a recent day).
CREATE INDEX recommendations_open_by_issue ON recommendations(issued_on, due_first_day, body_id)
  WHERE status <> 'closed';
CREATE INDEX recommendations_closed_by_day ON recommendations(closed_on, due_first_day, issued_on, body_id)
  WHERE status = 'closed';
-- The overdue of a body that returned to the routine level, counted from
-- the first day of its return on (a range of this index per body).
CREATE INDEX recommendations_by_body_due ON recommendations(body_id, due_first_day, status, closed_on, issued_on);
-- 010's two expression indexes (the first day of the original deadline and
-- of each revision) served only the candidates' correction for revised
-- deadlines, which the stored due day (025) and the counts above replace:
-- no statement reads them any more, and each write paid for them.
DROP INDEX recommendations_by_due_day;
DROP INDEX deadline_revisions_by_due_day;
