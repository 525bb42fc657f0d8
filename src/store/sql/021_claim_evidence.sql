-- 021: a claim of "implemented" points to the evidence it rests on
-- (issue #17 item 8). A status change of a recommendation to
-- 'implemented' names evidence files of the same body's progress updates;
-- each link is a row here, written in the status change's transaction
-- (store/record.c checks the files are the body's). Append-only, like the
-- status history it belongs to. Never public (docs/publication.md: status
-- history and evidence are for staff and the body), so not in the open data.
--
-- Upgrading: the table starts empty; no claim made before names any file.
CREATE TABLE status_change_evidence (
  status_change_id INTEGER NOT NULL REFERENCES status_changes(id),
  evidence_file_id INTEGER NOT NULL REFERENCES evidence_files(id),
  PRIMARY KEY (status_change_id, evidence_file_id));
CREATE INDEX status_change_evidence_by_file ON status_change_evidence(evidence_file_id);
CREATE TRIGGER status_change_evidence_no_update BEFORE UPDATE ON status_change_evidence
  BEGIN SELECT RAISE(ABORT, 'the evidence of a status change is never changed'); END;
CREATE TRIGGER status_change_evidence_no_delete BEFORE DELETE ON status_change_evidence
  BEGIN SELECT RAISE(ABORT, 'the evidence of a status change is never removed'); END;
