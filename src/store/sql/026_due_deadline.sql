-- 026: each recommendation's current deadline as written, stored beside its
-- first day (025), and the deadlines list read from one index (issue #18
-- item 1; docs/benchmarks.md, 2026-12-05 (night)).
--
-- recommendations.due_deadline is the current deadline's text: the latest
-- revision's new_deadline (the revision of the highest id), else the
-- original_deadline, at its precision ("2025-06" stays "2025-06"). The
-- deadlines list showed it through a lookup of each row's latest revision;
-- now it reads this column. Like due_first_day it is derived, not the
-- record: the same triggers keep both (025's are replaced by the ones
-- below, which set the two together), it never reaches the audit trail or
-- the API's rows, and `audit verify --deep` checks it against the
-- revisions (store/audit_deep.c). A writer that gives both values right
-- (synth's COPY) makes the insert trigger skip.
ALTER TABLE recommendations ADD COLUMN due_deadline TEXT;
UPDATE recommendations SET due_deadline = COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr
  WHERE dr.recommendation_id = recommendations.id ORDER BY dr.id DESC LIMIT 1), recommendations.original_deadline);
-- sqlite:
DROP TRIGGER recommendations_due_insert;
DROP TRIGGER deadline_revisions_due;
CREATE TRIGGER recommendations_due_insert AFTER INSERT ON recommendations
  WHEN NEW.due_first_day IS NOT (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END)
    OR NEW.due_deadline IS NOT NEW.original_deadline
BEGIN
  UPDATE recommendations SET due_first_day = (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END), due_deadline = NEW.original_deadline
    WHERE id = NEW.id;
END;
CREATE TRIGGER deadline_revisions_due AFTER INSERT ON deadline_revisions BEGIN
  UPDATE recommendations SET (due_first_day, due_deadline) = (SELECT CASE length(d) WHEN 4 THEN d || '-01-01'
    WHEN 7 THEN d || '-01' ELSE d END, d
    FROM (SELECT new_deadline AS d FROM deadline_revisions WHERE recommendation_id = NEW.recommendation_id
      ORDER BY id DESC LIMIT 1) x) WHERE id = NEW.recommendation_id;
END;
-- pg: the same, as trigger functions (the WHEN holds no subquery)
DROP TRIGGER recommendations_due_insert ON recommendations;
DROP TRIGGER deadline_revisions_due ON deadline_revisions;
CREATE OR REPLACE FUNCTION recommendations_due_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE recommendations SET due_first_day = (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END), due_deadline = NEW.original_deadline
    WHERE id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER recommendations_due_insert AFTER INSERT ON recommendations
  FOR EACH ROW WHEN (NEW.due_first_day IS DISTINCT FROM (CASE length(NEW.original_deadline)
    WHEN 4 THEN NEW.original_deadline || '-01-01' WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END)
    OR NEW.due_deadline IS DISTINCT FROM NEW.original_deadline)
  EXECUTE FUNCTION recommendations_due_insert();
CREATE OR REPLACE FUNCTION deadline_revisions_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE recommendations SET (due_first_day, due_deadline) = (SELECT CASE length(d) WHEN 4 THEN d || '-01-01'
    WHEN 7 THEN d || '-01' ELSE d END, d
    FROM (SELECT new_deadline AS d FROM deadline_revisions WHERE recommendation_id = NEW.recommendation_id
      ORDER BY id DESC LIMIT 1) x) WHERE id = NEW.recommendation_id;
  RETURN NULL;
END $$;
CREATE TRIGGER deadline_revisions_due AFTER INSERT ON deadline_revisions
  FOR EACH ROW EXECUTE FUNCTION deadline_revisions_due();
-- end

-- The deadlines walk this index in due order and stop at the page; it
-- holds every column of the recommendation they show or test, so no row
-- of the table is read (025's recommendations_by_due, its first six
-- columns, is replaced by it).
DROP INDEX recommendations_by_due;
CREATE INDEX recommendations_by_due_cover ON recommendations(due_first_day, status, closed_on, issued_on, priority,
  body_id, due_deadline, number, original_deadline, cause_id);

-- A cause's ordinal among its body's causes (by issued_on, then id: "cause
-- of concern 2" in a recommendation's title) is a count of this index's
-- entries, not of table rows.
CREATE INDEX causes_by_body_issued ON causes_of_concern(body_id, issued_on);
