-- 017: the full recommendation lifecycle, a priority flag and themes
-- (issue #15 item 4; the theme and priority filters of issue #16).
--
-- Superseded and withdrawn. A recommendation superseded by a named
-- successor, or withdrawn, has ended without being implemented or not: it
-- leaves every list of open work (deadlines, the work queue, readiness,
-- reminders), which all ask `status <> 'closed'`. So it is closed (status
-- 'closed', closed_on: the day, closed_by: who) and `lifecycle` says how it
-- ended: NULL for a closure (its outcome and closing_reason, 016),
-- 'superseded' (superseded_by_id names the successor) or 'withdrawn';
-- lifecycle_reason says why. Reopening clears them.
--
-- Why columns and not new values of status: status's CHECK is part of the
-- table, and SQLite cannot alter a CHECK in place. Rebuilding
-- recommendations (create a copy, copy the rows, drop, rename) needs
-- foreign keys off, which SQLite ignores inside the transaction a
-- migration runs in, while requirements, deadline_revisions,
-- progress_updates, recommendations itself (cause) and the search
-- triggers of 014 refer to it; PostgreSQL would need a different script
-- again. Added columns are one statement each on both, lose nothing, and
-- every existing row reads as before (lifecycle NULL, priority NULL).
ALTER TABLE recommendations ADD COLUMN lifecycle TEXT CHECK (lifecycle IN ('superseded', 'withdrawn'));
ALTER TABLE recommendations ADD COLUMN superseded_by_id INTEGER REFERENCES recommendations(id);
ALTER TABLE recommendations ADD COLUMN lifecycle_reason TEXT;
CREATE INDEX recommendations_by_successor ON recommendations(superseded_by_id);

-- A priority flag, set by the inspectorate: 1 a priority, 0 or NULL
-- (never set) not. No default: a row the audit trail last saw before this
-- migration has no priority in its entry, which `audit verify --deep`
-- reads as NULL, as it reads every column a later migration added.
ALTER TABLE recommendations ADD COLUMN priority INTEGER CHECK (priority IN (0, 1));
ALTER TABLE causes_of_concern ADD COLUMN priority INTEGER CHECK (priority IN (0, 1));

-- Themes: a controlled list kept as data (an admin adds to it: API, CLI),
-- and which items carry which. A tag row has an id so that each one is
-- audited as added or removed (oversight audit verify --deep).
CREATE TABLE themes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
INSERT INTO themes (code, name) VALUES
  ('child_protection', 'Child protection'),
  ('vetting_counter_corruption', 'Vetting and counter-corruption'),
  ('crime_recording', 'Crime recording'),
  ('call_handling', 'Call handling'),
  ('leadership_culture', 'Leadership and culture'),
  ('investigations', 'Investigations'),
  ('vulnerability', 'Protecting vulnerable people'),
  ('violence_against_women', 'Violence against women and girls'),
  ('neighbourhood_policing', 'Neighbourhood policing'),
  ('custody', 'Custody'),
  ('workforce_wellbeing', 'Workforce and wellbeing'),
  ('data_and_systems', 'Data, information and systems');

CREATE TABLE recommendation_themes (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  theme_id INTEGER NOT NULL REFERENCES themes(id),
  UNIQUE (recommendation_id, theme_id));
CREATE INDEX recommendation_themes_by_theme ON recommendation_themes(theme_id);

CREATE TABLE cause_themes (
  id INTEGER PRIMARY KEY,
  cause_id INTEGER NOT NULL REFERENCES causes_of_concern(id),
  theme_id INTEGER NOT NULL REFERENCES themes(id),
  UNIQUE (cause_id, theme_id));
CREATE INDEX cause_themes_by_theme ON cause_themes(theme_id);
