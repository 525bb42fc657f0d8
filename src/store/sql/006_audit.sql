-- 006: the audit trail (src/store/audit.c). Every change to the record and
-- to accounts is appended here in the same transaction as the change: who
-- (actor), when (at, UTC), what (action on entity/entity_id), and the row
-- before and after as JSON text (password hashes and token hashes left out).
--
-- Entries are hash-chained: hash = SHA-256 of a canonical serialisation of
-- the entry including prev_hash (the previous entry's hash; 64 zeros for the
-- first), so `oversight audit verify` finds any entry changed, removed or
-- inserted after the fact. Ids are consecutive from 1 (a gap is a deletion).
-- The triggers below refuse UPDATE and DELETE through SQL; a DBA who drops
-- them is caught by verify, not by the triggers.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  body_id INTEGER,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id, id);
CREATE INDEX audit_log_by_body ON audit_log(body_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
