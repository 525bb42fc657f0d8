-- 001: phases as data, bodies, phase decisions.
-- bodies.phase/phase_since are kept by the decision transaction so the
-- status board needs no scan of the history (src/store/bodies.c).
CREATE TABLE phases (  code TEXT PRIMARY KEY,  name TEXT NOT NULL,  level INTEGER NOT NULL,  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)));
CREATE TABLE phase_transitions (  from_phase TEXT NOT NULL REFERENCES phases(code),  to_phase TEXT NOT NULL REFERENCES phases(code),  decider_role TEXT NOT NULL,  PRIMARY KEY (from_phase, to_phase));
INSERT INTO phases VALUES ('scan', 'Scan', 1, 1), ('engage', 'Engage', 2, 0);
INSERT INTO phase_transitions VALUES ('scan', 'engage', 'hmci'), ('engage', 'scan', 'hmci');
CREATE TABLE bodies (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('police', 'fire')),  country TEXT NOT NULL DEFAULT '',  governance TEXT NOT NULL DEFAULT '',  local_policing_body TEXT NOT NULL DEFAULT '',  chief_officer_title TEXT NOT NULL DEFAULT '',  phase TEXT NOT NULL REFERENCES phases(code),  phase_since TEXT,  version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE decisions (  id INTEGER PRIMARY KEY,  body_id INTEGER NOT NULL REFERENCES bodies(id),  from_phase TEXT NOT NULL REFERENCES phases(code),  to_phase TEXT NOT NULL REFERENCES phases(code),  recommended_by TEXT,  decided_by TEXT NOT NULL,  decided_on TEXT NOT NULL,  effective_on TEXT NOT NULL,  rationale TEXT NOT NULL,  meeting TEXT,  source_url TEXT,  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),  CHECK (from_phase <> to_phase));
CREATE INDEX decisions_by_body ON decisions(body_id, effective_on);
