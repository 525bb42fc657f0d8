-- PostgreSQL translation of src/store/sql/007_evidence.sql.
-- 007: evidence files attached to progress updates. Contents are kept once
-- per SHA-256 (evidence_blobs); each attachment names its file.
CREATE TABLE evidence_blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size BIGINT NOT NULL,
  data BYTEA NOT NULL);

CREATE TABLE evidence_files (
  id BIGINT PRIMARY KEY,
  progress_update_id BIGINT NOT NULL REFERENCES progress_updates(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  uploaded_by TEXT,
  uploaded_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
SELECT ov_add_serial('evidence_files');
CREATE INDEX evidence_by_update ON evidence_files(progress_update_id);
CREATE TRIGGER evidence_files_no_update BEFORE UPDATE ON evidence_files
  FOR EACH ROW EXECUTE FUNCTION ov_raise('evidence is never changed once uploaded');
