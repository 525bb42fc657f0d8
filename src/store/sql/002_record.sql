-- 002: the monitoring record: inspections and grades, causes of concern,
-- recommendations with requirements and deadline revisions, areas for
-- improvement, revisits, improvement plans, external report matters, PPOG
-- meetings, indicators, progress updates, PCC responses.
-- Every editable row has a version, bumped on each change (If-Match/ETag).
-- Dates are ISO text at the precision known ('2024', '2024-05', '2024-05-14').

CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL CHECK (kind IN ('peel', 'thematic', 'revisit', 'other')),
  title TEXT NOT NULL,
  commissioned_by TEXT,
  fieldwork_start TEXT,
  fieldwork_end TEXT,
  published_on TEXT,
  grade_scale TEXT NOT NULL DEFAULT 'peel5' CHECK (grade_scale IN ('peel5', 'peel4')),
  summary TEXT,
  url TEXT,
  version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX inspections_by_body ON inspections(body_id);

CREATE TABLE grades (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  area TEXT NOT NULL,
  grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'adequate', 'requires_improvement', 'inadequate')),
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (inspection_id, area));
-- Older PEEL cycles graded on four points (no "adequate").
-- sqlite:
CREATE TRIGGER grades_four_point_insert BEFORE INSERT ON grades
  WHEN NEW.grade = 'adequate' AND (SELECT grade_scale FROM inspections WHERE id = NEW.inspection_id) = 'peel4'
  BEGIN SELECT RAISE(ABORT, 'adequate is not a grade of the four-point scale this inspection uses'); END;
CREATE TRIGGER grades_four_point_update BEFORE UPDATE OF grade ON grades
  WHEN NEW.grade = 'adequate' AND (SELECT grade_scale FROM inspections WHERE id = NEW.inspection_id) = 'peel4'
  BEGIN SELECT RAISE(ABORT, 'adequate is not a grade of the four-point scale this inspection uses'); END;
-- pg: a trigger's WHEN takes no subquery here: a function checks.
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
-- end

CREATE TABLE revisits (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  inspection_id INTEGER REFERENCES inspections(id),
  title TEXT NOT NULL,
  started_on TEXT NOT NULL,
  ended_on TEXT,
  scope TEXT,
  findings TEXT,
  published_on TEXT,
  version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX revisits_by_body ON revisits(body_id);

CREATE TABLE causes_of_concern (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  inspection_id INTEGER REFERENCES inspections(id),
  title TEXT,
  text TEXT NOT NULL,
  accelerated INTEGER NOT NULL DEFAULT 0 CHECK (accelerated IN (0, 1)),
  added_to_engage INTEGER NOT NULL DEFAULT 0 CHECK (added_to_engage IN (0, 1)),
  issued_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on TEXT,
  closed_by TEXT,
  closing_revisit_id INTEGER REFERENCES revisits(id),
  closing_decision_id INTEGER REFERENCES decisions(id),
  close_override_reason TEXT,
  open_at_exit_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (status = 'open' OR closed_on IS NOT NULL));
CREATE INDEX causes_by_body ON causes_of_concern(body_id);

CREATE TABLE recommendations (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  cause_id INTEGER REFERENCES causes_of_concern(id),
  inspection_id INTEGER REFERENCES inspections(id),
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
  closing_revisit_id INTEGER REFERENCES revisits(id),
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (status <> 'closed' OR closed_on IS NOT NULL));
CREATE INDEX recommendations_by_body ON recommendations(body_id);
CREATE INDEX recommendations_by_cause ON recommendations(cause_id);

CREATE TABLE requirements (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'not_met')),
  version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX requirements_by_recommendation ON requirements(recommendation_id, position);

-- Deadline changes are appended, never overwritten: the original stays on
-- the recommendation, each revision here with its reason and who agreed it.
CREATE TABLE deadline_revisions (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  previous_deadline TEXT,
  new_deadline TEXT NOT NULL,
  reason TEXT NOT NULL,
  agreed_by TEXT NOT NULL,
  agreed_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE TRIGGER deadline_revisions_no_update BEFORE UPDATE ON deadline_revisions
  BEGIN SELECT RAISE(ABORT, 'deadline revisions are append-only'); END;
CREATE TRIGGER deadline_revisions_no_delete BEFORE DELETE ON deadline_revisions
  BEGIN SELECT RAISE(ABORT, 'deadline revisions are append-only'); END;
CREATE TRIGGER recommendations_original_deadline_fixed BEFORE UPDATE OF original_deadline ON recommendations
  WHEN OLD.original_deadline IS NOT NULL AND NEW.original_deadline IS NOT OLD.original_deadline
  BEGIN SELECT RAISE(ABORT, 'the original deadline never changes; record a deadline revision'); END;

CREATE TABLE status_changes (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  changed_on TEXT NOT NULL,
  changed_by TEXT,
  reason TEXT,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX status_changes_by_entity ON status_changes(entity, entity_id);

CREATE TABLE areas_for_improvement (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  inspection_id INTEGER REFERENCES inspections(id),
  text TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  name TEXT NOT NULL,
  linked_plan TEXT,
  period_start TEXT,
  period_end TEXT,
  agreed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE plan_pillars (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE plan_items (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  pillar_id INTEGER REFERENCES plan_pillars(id),
  kind TEXT NOT NULL CHECK (kind IN ('key_action', 'outcome')),
  text TEXT NOT NULL,
  target_date TEXT,
  rag TEXT NOT NULL DEFAULT 'not_started' CHECK (rag IN ('not_started', 'red', 'amber', 'green', 'complete')),
  completed_on TEXT,
  evidence TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE external_reports (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  author TEXT,
  commissioned_by TEXT,
  published_on TEXT,
  url TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE external_matters (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES external_reports(id),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  reference TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  closed_on TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE ppog_meetings (
  id INTEGER PRIMARY KEY,
  held_on TEXT NOT NULL,
  notes TEXT,
  version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE ppog_items (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES ppog_meetings(id),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('remain', 'recommend_exit', 'recommend_entry', 'noted')),
  notes TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (meeting_id, body_id));

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  measure TEXT NOT NULL,
  period TEXT NOT NULL,
  value REAL NOT NULL,
  target REAL,
  higher_is_better INTEGER NOT NULL DEFAULT 1 CHECK (higher_is_better IN (0, 1)),
  unit TEXT,
  source TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (body_id, measure, period));

CREATE TABLE progress_updates (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  recommendation_id INTEGER REFERENCES recommendations(id),
  cause_id INTEGER REFERENCES causes_of_concern(id),
  plan_item_id INTEGER REFERENCES plan_items(id),
  submitted_on TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  evidence TEXT,
  version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX progress_by_body ON progress_updates(body_id);

CREATE TABLE pcc_responses (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL UNIQUE REFERENCES inspections(id),
  published_on TEXT NOT NULL,
  url TEXT,
  summary TEXT,
  version INTEGER NOT NULL DEFAULT 1);
