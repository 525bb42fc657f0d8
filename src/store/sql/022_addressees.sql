-- 022: reports that cover many bodies, recommendations with many
-- addressees (issue #15 item 3; docs/model.md).
--
-- Additive: nothing is rebuilt, inspections.body_id and
-- recommendations.body_id stay NOT NULL. A report that covers more than
-- one body (thematic, national, joint) is a row of `reports`; each covered
-- monitored body has its own inspections row pointing at it (report_id),
-- so everything per body (PCC responses per (inspection, body), the
-- body's record and pages) keeps working unchanged.
--
-- The recommendation as the report makes it is a shared_recommendations
-- row; each monitored addressee's part is an ordinary recommendations row
-- (its body, its inspections row of the report, number and text copied,
-- shared_id naming the shared one), so its acceptance, status, progress,
-- deadline revisions and closure are those of any recommendation. A
-- national body (not monitored) has its part in national_parts, each
-- change to it appended to national_part_events.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('thematic', 'national', 'joint')),
  coverage TEXT NOT NULL CHECK (coverage IN ('several', 'all_police', 'all_fire', 'all')),
  published_on TEXT NOT NULL,
  url TEXT,
  summary TEXT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  version INTEGER NOT NULL DEFAULT 1);

ALTER TABLE inspections ADD COLUMN report_id INTEGER REFERENCES reports(id);
CREATE INDEX inspections_by_report ON inspections(report_id);

CREATE TABLE shared_recommendations (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id),
  number TEXT NOT NULL,
  text TEXT NOT NULL,
  addressed_to TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  original_deadline TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (report_id, number));

ALTER TABLE recommendations ADD COLUMN shared_id INTEGER REFERENCES shared_recommendations(id);
CREATE INDEX recommendations_by_shared ON recommendations(shared_id);

CREATE TABLE national_parts (
  id INTEGER PRIMARY KEY,
  shared_id INTEGER NOT NULL REFERENCES shared_recommendations(id),
  national_body_id INTEGER NOT NULL REFERENCES national_bodies(id),
  acceptance TEXT NOT NULL DEFAULT 'pending' CHECK (acceptance IN ('pending', 'accepted', 'not_accepted')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  deadline TEXT,
  outcome TEXT CHECK (outcome IN ('implemented', 'not_implemented')),
  reason TEXT,
  closed_on TEXT,
  closed_by TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (shared_id, national_body_id),
  CHECK (status <> 'closed' OR (closed_on IS NOT NULL AND outcome IS NOT NULL AND reason IS NOT NULL)));
CREATE INDEX national_parts_by_body ON national_parts(national_body_id);

-- Every change to a national part, appended: its deadline revisions and
-- its progress (field, old and new value, who, when, a note).
CREATE TABLE national_part_events (
  id INTEGER PRIMARY KEY,
  part_id INTEGER NOT NULL REFERENCES national_parts(id),
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  note TEXT,
  on_date TEXT NOT NULL,
  recorded_by TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX national_part_events_by_part ON national_part_events(part_id, id);
CREATE TRIGGER national_part_events_no_update BEFORE UPDATE ON national_part_events
  BEGIN SELECT RAISE(ABORT, 'national part events are append-only'); END;
CREATE TRIGGER national_part_events_no_delete BEFORE DELETE ON national_part_events
  BEGIN SELECT RAISE(ABORT, 'national part events are append-only'); END;
