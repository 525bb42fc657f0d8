-- 025: the first day of each recommendation's current deadline, stored and
-- indexed (issue #18 item 1; docs/benchmarks.md, 2026-12-05 (later)).
--
-- The deadlines list walks recommendations in the order of the first day
-- of their current deadline: the latest revision's new_deadline (the
-- revision of the highest id), else the original_deadline, at its
-- precision ("2025" -> "2025-01-01", "2025-06" -> "2025-06-01"). Migration
-- 010 indexed that as two expressions (one per table), so the list was two
-- walks, a concatenation per row, a lookup of each row's revisions and an
-- outer sort. Here it is one column, due_first_day, kept by the database
-- itself: the triggers below are the one place that maintains it, whatever
-- writes the rows (the record's forms and API, `oversight load`, reports,
-- imports, merges, `oversight synth`). It is derived, not the record: it
-- never reaches the audit trail or the API's rows (store/audit.c,
-- store/entity.c), and `audit verify --deep` checks it against the
-- record's deadlines instead (store/audit_deep.c).
--
-- A new recommendation has no revision yet (a revision names an existing
-- recommendation: foreign keys), so its value is the first day of its
-- original deadline (never changed: 002's trigger). A writer that already
-- gives that value (synth's COPY) makes the insert trigger skip (WHEN):
-- the bulk path stays one write per row. A revision recomputes it from the
-- latest revision (revisions are never changed or deleted: 002).
ALTER TABLE recommendations ADD COLUMN due_first_day TEXT;
UPDATE recommendations SET due_first_day = (SELECT CASE length(d) WHEN 4 THEN d || '-01-01' WHEN 7 THEN d || '-01' ELSE d END
  FROM (SELECT COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr WHERE dr.recommendation_id = recommendations.id
    ORDER BY dr.id DESC LIMIT 1), recommendations.original_deadline) AS d) x);
-- sqlite:
CREATE TRIGGER recommendations_due_insert AFTER INSERT ON recommendations
  WHEN NEW.due_first_day IS NOT (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END)
BEGIN
  UPDATE recommendations SET due_first_day = (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END) WHERE id = NEW.id;
END;
CREATE TRIGGER deadline_revisions_due AFTER INSERT ON deadline_revisions BEGIN
  UPDATE recommendations SET due_first_day = (SELECT CASE length(d) WHEN 4 THEN d || '-01-01' WHEN 7 THEN d || '-01' ELSE d END
    FROM (SELECT new_deadline AS d FROM deadline_revisions WHERE recommendation_id = NEW.recommendation_id
      ORDER BY id DESC LIMIT 1) x) WHERE id = NEW.recommendation_id;
END;
-- pg: the same, as trigger functions (a WHEN here may not hold a subquery; the insert's holds none)
CREATE FUNCTION recommendations_due_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE recommendations SET due_first_day = (CASE length(NEW.original_deadline) WHEN 4 THEN NEW.original_deadline || '-01-01'
    WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END) WHERE id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER recommendations_due_insert AFTER INSERT ON recommendations
  FOR EACH ROW WHEN (NEW.due_first_day IS DISTINCT FROM (CASE length(NEW.original_deadline)
    WHEN 4 THEN NEW.original_deadline || '-01-01' WHEN 7 THEN NEW.original_deadline || '-01' ELSE NEW.original_deadline END))
  EXECUTE FUNCTION recommendations_due_insert();
CREATE FUNCTION deadline_revisions_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE recommendations SET due_first_day = (SELECT CASE length(d) WHEN 4 THEN d || '-01-01' WHEN 7 THEN d || '-01' ELSE d END
    FROM (SELECT new_deadline AS d FROM deadline_revisions WHERE recommendation_id = NEW.recommendation_id
      ORDER BY id DESC LIMIT 1) x) WHERE id = NEW.recommendation_id;
  RETURN NULL;
END $$;
CREATE TRIGGER deadline_revisions_due AFTER INSERT ON deadline_revisions
  FOR EACH ROW EXECUTE FUNCTION deadline_revisions_due();
-- end

-- The deadlines walk this index in due order and stop at the page: the
-- open/issued test and the priority filter read the index alone, and only
-- the rows kept are fetched. 010's two expression indexes stay: the Engage
-- candidates' correction for revised deadlines walks them
-- (store/candidate_rows.c).
CREATE INDEX recommendations_by_due ON recommendations(due_first_day, status, closed_on, issued_on, priority, body_id);
