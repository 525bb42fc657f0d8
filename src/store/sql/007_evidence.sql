-- 007: evidence files attached to progress updates. Contents are kept once
-- per SHA-256 (evidence_blobs); each attachment names its file.
CREATE TABLE evidence_blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  data BLOB NOT NULL);

CREATE TABLE evidence_files (
  id INTEGER PRIMARY KEY,
  progress_update_id INTEGER NOT NULL REFERENCES progress_updates(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  uploaded_by TEXT,
  uploaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX evidence_by_update ON evidence_files(progress_update_id);
CREATE TRIGGER evidence_files_no_update BEFORE UPDATE ON evidence_files
  BEGIN SELECT RAISE(ABORT, 'evidence is never changed once uploaded'); END;
