-- 015: bodies at run time, national addressees, people over time, and the
-- HMI monitoring group's meetings (docs/bodies.md).
--
-- A body is added, renamed, merged or retired by a recorded change
-- (body_changes: who, when, why). A rename keeps the code; the former name
-- is kept with the dates it was in use. A merge makes a successor body:
-- each predecessor is retired with successor_id naming it, and its open
-- items move to the successor. A retired body keeps its record, read-only
-- (the store refuses writes to its items: src/store/entity.c). A merge is
-- recorded twice: 'merged_into' on each predecessor, 'merged_from' on the
-- successor, other_body_id naming the other side (so successor_id can be
-- rebuilt from body_changes alone, as the open-data restore does).
ALTER TABLE bodies ADD COLUMN retired_on TEXT;
ALTER TABLE bodies ADD COLUMN successor_id INTEGER REFERENCES bodies(id);
CREATE TABLE body_changes (  id INTEGER PRIMARY KEY,  body_id INTEGER NOT NULL REFERENCES bodies(id),  change TEXT NOT NULL CHECK (change IN ('add', 'rename', 'merged_into', 'merged_from', 'retire')),  effective_on TEXT NOT NULL,  former_name TEXT,  new_name TEXT,  other_body_id INTEGER REFERENCES bodies(id),  reason TEXT NOT NULL,  recorded_by TEXT NOT NULL DEFAULT '',  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX body_changes_by_body ON body_changes(body_id, effective_on);

-- National bodies (Home Office, College of Policing, NPCC, ...): addressees
-- of recommendations, never monitored: no level, not on the board.
CREATE TABLE national_bodies (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  description TEXT NOT NULL DEFAULT '',  url TEXT,  retired_on TEXT,  version INTEGER NOT NULL DEFAULT 1);

-- Who held a post at a body, from when to when (to_on NULL: still does).
CREATE TABLE body_people (  id INTEGER PRIMARY KEY,  body_id INTEGER NOT NULL REFERENCES bodies(id),  post TEXT NOT NULL CHECK (post IN ('chief_officer', 'lpb_holder', 'lead_hmi', 'liaison_lead')),  name TEXT NOT NULL,  title TEXT,  from_on TEXT,  to_on TEXT,  acting INTEGER NOT NULL DEFAULT 0 CHECK (acting IN (0, 1)),  source_url TEXT,  version INTEGER NOT NULL DEFAULT 1,  CHECK (from_on IS NULL OR to_on IS NULL OR from_on <= to_on));
CREATE INDEX body_people_by_body ON body_people(body_id, post, from_on);

-- HMI monitoring group meetings (before the PPOG), recorded as PPOG
-- meetings are: a meeting, and an item per body discussed.
CREATE TABLE hmi_group_meetings (  id INTEGER PRIMARY KEY,  held_on TEXT NOT NULL,  notes TEXT,  version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE hmi_group_items (  id INTEGER PRIMARY KEY,  meeting_id INTEGER NOT NULL REFERENCES hmi_group_meetings(id),  body_id INTEGER NOT NULL REFERENCES bodies(id),  outcome TEXT NOT NULL CHECK (outcome IN ('monitor', 'refer_to_ppog', 'no_concern', 'noted')),  notes TEXT,  version INTEGER NOT NULL DEFAULT 1,  UNIQUE (meeting_id, body_id));
CREATE INDEX hmi_group_items_by_body ON hmi_group_items(body_id);
