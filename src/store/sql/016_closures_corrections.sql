-- 016: closing means something, and decisions are corrected, never
-- rewritten (issue #17).
--
-- A recommendation or a cause of concern is closed with its outcome
-- (implemented / not_implemented), the inspector's reason, and what the
-- closure rests on: a revisit (closing_revisit_id, already there), a
-- progress update or an evidence file of the same body. A recommendation's
-- implemented_on is the day the inspector accepts it as implemented.
--
-- Upgrading an older database: its closed items keep what they say. A
-- closed recommendation gets outcome 'implemented' only where the record
-- says so: it has an implemented_on date (the body claimed it, or an
-- inspector accepted it, before it was closed). A closed cause of concern
-- gets 'implemented' only where it was closed without an override reason
-- and every one of its recommendations (at least one) is now closed as
-- implemented. Every other closed item keeps outcome NULL: "not recorded",
-- never guessed. No reason is invented for old closures (closing_reason
-- stays NULL).
ALTER TABLE recommendations ADD COLUMN outcome TEXT CHECK (outcome IN ('implemented', 'not_implemented'));
ALTER TABLE recommendations ADD COLUMN closing_reason TEXT;
ALTER TABLE recommendations ADD COLUMN closing_progress_update_id INTEGER REFERENCES progress_updates(id);
ALTER TABLE recommendations ADD COLUMN closing_evidence_file_id INTEGER REFERENCES evidence_files(id);
ALTER TABLE causes_of_concern ADD COLUMN outcome TEXT CHECK (outcome IN ('implemented', 'not_implemented'));
ALTER TABLE causes_of_concern ADD COLUMN closing_reason TEXT;
ALTER TABLE causes_of_concern ADD COLUMN closing_progress_update_id INTEGER REFERENCES progress_updates(id);
ALTER TABLE causes_of_concern ADD COLUMN closing_evidence_file_id INTEGER REFERENCES evidence_files(id);
UPDATE recommendations SET outcome = 'implemented' WHERE status = 'closed' AND implemented_on IS NOT NULL;
UPDATE causes_of_concern SET outcome = 'implemented'
  WHERE status = 'closed' AND close_override_reason IS NULL
    AND EXISTS (SELECT 1 FROM recommendations r WHERE r.cause_id = causes_of_concern.id)
    AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.cause_id = causes_of_concern.id
                    AND (r.status <> 'closed' OR r.outcome IS NULL OR r.outcome <> 'implemented'));

-- A later recorded correction of a phase decision or a closure: who, when,
-- why. kind 'correction' states what the record should have said (text);
-- 'withdrawal' withdraws the original. The original row is never edited;
-- pages and feeds show the correction next to it. Append-only.
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('decisions', 'recommendations', 'causes_of_concern')),
  entity_id INTEGER NOT NULL,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL CHECK (kind IN ('correction', 'withdrawal')),
  text TEXT,
  reason TEXT NOT NULL,
  corrected_by TEXT NOT NULL,
  corrected_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (kind = 'withdrawal' OR text IS NOT NULL));
CREATE INDEX corrections_by_entity ON corrections(entity, entity_id);
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only: record another correction'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
  BEGIN SELECT RAISE(ABORT, 'corrections are append-only: record another correction'); END;
