-- 012: monitoring frameworks as data (docs/frameworks.md). A framework is a
-- set of ordered levels (the rows of phases, now each with its framework and
-- a public description), the transitions allowed between them with the role
-- that recommends and the role that decides each, and the dates it is in
-- force. Scan/Engage becomes the framework 'scan-engage'; its rows, the
-- bodies and the decisions that name them are kept as they are. Level codes
-- stay unique across frameworks, so a decision's from/to still names one
-- level, and a decision from a level of one framework to a level of its
-- successor is a body's crossing from one framework to the next.
CREATE TABLE frameworks (  code TEXT PRIMARY KEY,  name TEXT NOT NULL,  description TEXT NOT NULL DEFAULT '',  position INTEGER NOT NULL,  in_force_from TEXT,  in_force_to TEXT,  succeeds TEXT REFERENCES frameworks(code),  loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
INSERT INTO frameworks (code, name, description, position) VALUES ('scan-engage', 'Scan and Engage', 'The inspectorate''s monitoring process: every body is in Scan, the routine phase, unless HMCI decided to move it into Engage, the enhanced phase.', 1);
ALTER TABLE phases ADD COLUMN framework TEXT NOT NULL DEFAULT 'scan-engage';
ALTER TABLE phases ADD COLUMN description TEXT NOT NULL DEFAULT '';
UPDATE phases SET description = 'Routine monitoring: the default phase of every body.' WHERE code = 'scan' AND description = '';
UPDATE phases SET description = 'Enhanced monitoring: a body moved here by a decision of HMCI while causes of concern are resolved.' WHERE code = 'engage' AND description = '';
ALTER TABLE phase_transitions ADD COLUMN recommender_role TEXT NOT NULL DEFAULT '';
UPDATE phase_transitions SET recommender_role = 'inspector' WHERE recommender_role = '' AND from_phase IN ('scan', 'engage') AND to_phase IN ('scan', 'engage');
