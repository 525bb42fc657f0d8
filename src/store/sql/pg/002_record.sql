-- PostgreSQL translation of src/store/sql/002_record.sql.
-- 002: the monitoring record: inspections and grades, causes of concern,
-- recommendations with requirements and deadline revisions, areas for
-- improvement, revisits, improvement plans, external report matters, PPOG
-- meetings, indicators, progress updates, PCC responses.
-- Every editable row has a version, bumped on each change (If-Match/ETag).
-- Dates are ISO text at the precision known ('2024', '2024-05', '2024-05-14').

CREATE TABLE inspections (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL CHECK (kind IN ('peel', 'thematic', 'revisit', 'other')),
  title TEXT NOT NULL,
  commissioned_by TEXT,
  fieldwork_start TEXT,
  fieldwork_end TEXT,
  published_on TEXT,
  grade_scale TEXT NOT NULL DEFAULT 'peel5' CHECK (grade_scale IN ('peel5', 'peel4')),
  summary TEXT,
  url TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('inspections');
CREATE INDEX inspections_by_body ON inspections(body_id);

CREATE TABLE grades (
  id BIGINT PRIMARY KEY,
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  area TEXT NOT NULL,
  grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'adequate', 'requires_improvement', 'inadequate')),
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (inspection_id, area));
SELECT ov_add_serial('grades');
-- Older PEEL cycles graded on four points (no "adequate").
CREATE FUNCTION grades_four_point() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.grade = 'adequate' AND (SELECT grade_scale FROM inspections WHERE id = NEW.inspection_id) = 'peel4' THEN
    RAISE EXCEPTION 'adequate is not a grade of the four-point scale this inspection uses';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER grades_four_point_insert BEFORE INSERT ON grades
  FOR EACH ROW EXECUTE FUNCTION grades_four_point();
CREATE TRIGGER grades_four_point_update BEFORE UPDATE OF grade ON grades
  FOR EACH ROW EXECUTE FUNCTION grades_four_point();

CREATE TABLE revisits (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  inspection_id BIGINT REFERENCES inspections(id),
  title TEXT NOT NULL,
  started_on TEXT NOT NULL,
  ended_on TEXT,
  scope TEXT,
  findings TEXT,
  published_on TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('revisits');
CREATE INDEX revisits_by_body ON revisits(body_id);

CREATE TABLE causes_of_concern (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  inspection_id BIGINT REFERENCES inspections(id),
  title TEXT,
  text TEXT NOT NULL,
  accelerated BIGINT NOT NULL DEFAULT 0 CHECK (accelerated IN (0, 1)),
  added_to_engage BIGINT NOT NULL DEFAULT 0 CHECK (added_to_engage IN (0, 1)),
  issued_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on TEXT,
  closed_by TEXT,
  closing_revisit_id BIGINT REFERENCES revisits(id),
  closing_decision_id BIGINT REFERENCES decisions(id),
  close_override_reason TEXT,
  open_at_exit_reason TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK (status = 'open' OR closed_on IS NOT NULL));
SELECT ov_add_serial('causes_of_concern');
CREATE INDEX causes_by_body ON causes_of_concern(body_id);

CREATE TABLE recommendations (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  cause_id BIGINT REFERENCES causes_of_concern(id),
  inspection_id BIGINT REFERENCES inspections(id),
  number TEXT NOT NULL,
  addressee TEXT NOT NULL,
  text TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  original_deadline TEXT,
  acceptance TEXT NOT NULL DEFAULT 'pending' CHECK (acceptance IN ('pending', 'accepted', 'not_accepted')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'implemented', 'closed')),
  implemented_on TEXT,
  closed_on TEXT,
  closed_by TEXT,
  closing_revisit_id BIGINT REFERENCES revisits(id),
  version BIGINT NOT NULL DEFAULT 1,
  CHECK (status <> 'closed' OR closed_on IS NOT NULL));
SELECT ov_add_serial('recommendations');
CREATE INDEX recommendations_by_body ON recommendations(body_id);
CREATE INDEX recommendations_by_cause ON recommendations(cause_id);

CREATE TABLE requirements (
  id BIGINT PRIMARY KEY,
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id),
  position BIGINT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'not_met')),
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('requirements');
CREATE INDEX requirements_by_recommendation ON requirements(recommendation_id, position);

-- Deadline changes are appended, never overwritten: the original stays on
-- the recommendation, each revision here with its reason and who agreed it.
CREATE TABLE deadline_revisions (
  id BIGINT PRIMARY KEY,
  recommendation_id BIGINT NOT NULL REFERENCES recommendations(id),
  previous_deadline TEXT,
  new_deadline TEXT NOT NULL,
  reason TEXT NOT NULL,
  agreed_by TEXT NOT NULL,
  agreed_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
SELECT ov_add_serial('deadline_revisions');
CREATE TRIGGER deadline_revisions_no_update BEFORE UPDATE ON deadline_revisions
  FOR EACH ROW EXECUTE FUNCTION ov_raise('deadline revisions are append-only');
CREATE TRIGGER deadline_revisions_no_delete BEFORE DELETE ON deadline_revisions
  FOR EACH ROW EXECUTE FUNCTION ov_raise('deadline revisions are append-only');
CREATE TRIGGER recommendations_original_deadline_fixed BEFORE UPDATE OF original_deadline ON recommendations
  FOR EACH ROW WHEN (OLD.original_deadline IS NOT NULL AND NEW.original_deadline IS DISTINCT FROM OLD.original_deadline)
  EXECUTE FUNCTION ov_raise('the original deadline never changes; record a deadline revision');

CREATE TABLE status_changes (
  id BIGINT PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  changed_on TEXT NOT NULL,
  changed_by TEXT,
  reason TEXT,
  recorded_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
SELECT ov_add_serial('status_changes');
CREATE INDEX status_changes_by_entity ON status_changes(entity, entity_id);

CREATE TABLE areas_for_improvement (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  inspection_id BIGINT REFERENCES inspections(id),
  text TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('areas_for_improvement');

CREATE TABLE plans (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  linked_plan TEXT,
  period_start TEXT,
  period_end TEXT,
  agreed_on TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('plans');

CREATE TABLE plan_pillars (
  id BIGINT PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  position BIGINT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('plan_pillars');

CREATE TABLE plan_items (
  id BIGINT PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id),
  pillar_id BIGINT REFERENCES plan_pillars(id),
  kind TEXT NOT NULL CHECK (kind IN ('key_action', 'outcome')),
  text TEXT NOT NULL,
  target_date TEXT,
  rag TEXT NOT NULL DEFAULT 'not_started' CHECK (rag IN ('not_started', 'red', 'amber', 'green', 'complete')),
  completed_on TEXT,
  evidence TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('plan_items');

CREATE TABLE external_reports (
  id BIGINT PRIMARY KEY,
  title TEXT NOT NULL,
  author TEXT,
  commissioned_by TEXT,
  published_on TEXT,
  url TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('external_reports');

CREATE TABLE external_matters (
  id BIGINT PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES external_reports(id),
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  reference TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  closed_on TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('external_matters');

CREATE TABLE ppog_meetings (
  id BIGINT PRIMARY KEY,
  held_on TEXT NOT NULL,
  notes TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('ppog_meetings');

CREATE TABLE ppog_items (
  id BIGINT PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES ppog_meetings(id),
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('remain', 'recommend_exit', 'recommend_entry', 'noted')),
  notes TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (meeting_id, body_id));
SELECT ov_add_serial('ppog_items');

CREATE TABLE indicators (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  measure TEXT NOT NULL,
  period TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  target DOUBLE PRECISION,
  higher_is_better BIGINT NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
  unit TEXT,
  source TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (body_id, measure, period));
SELECT ov_add_serial('indicators');

CREATE TABLE progress_updates (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
  recommendation_id BIGINT REFERENCES recommendations(id),
  cause_id BIGINT REFERENCES causes_of_concern(id),
  plan_item_id BIGINT REFERENCES plan_items(id),
  submitted_on TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  evidence TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('progress_updates');
CREATE INDEX progress_by_body ON progress_updates(body_id);

CREATE TABLE pcc_responses (
  id BIGINT PRIMARY KEY,
  inspection_id BIGINT NOT NULL UNIQUE REFERENCES inspections(id),
  published_on TEXT NOT NULL,
  url TEXT,
  summary TEXT,
  version BIGINT NOT NULL DEFAULT 1);
SELECT ov_add_serial('pcc_responses');
