-- 013: letters confirmed into the record from the import review screen
-- (/import, docs/import.md). Each row is one confirmed review: the letter
-- file kept as evidence (its bytes once per SHA-256 in evidence_blobs), the
-- body, what was loaded, the draft as the inspector confirmed it (JSON, the
-- shape of POST /api/v1/imports: it also keeps what the record has no place
-- for, such as the decision as the letter states it and the next meeting),
-- and the review's id, unique, so that a review confirmed twice (a double
-- click, a resent form) is written once.
CREATE TABLE letter_imports (
  id INTEGER PRIMARY KEY,
  review_id TEXT NOT NULL UNIQUE CHECK (length(review_id) = 64),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  letter_id INTEGER REFERENCES letters(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
  steps INTEGER NOT NULL,
  draft TEXT NOT NULL,
  imported_by TEXT,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX letter_imports_by_body ON letter_imports(body_id, id);
CREATE TRIGGER letter_imports_no_update BEFORE UPDATE ON letter_imports
  BEGIN SELECT RAISE(ABORT, 'a confirmed import is never changed'); END;
