-- 019: the news release beside the letter (issue #17, item 7). A decision
-- is announced twice: the letter to the force, and the inspectorate's news
-- release (seeds/002). A release is a publication of its own, drafted from
-- the record (src/docs/release.c) and edited block by block, then approved
-- (four eyes, core/approval.h) and published with its letter.
--
-- As for letters (004), a draft's words are recomputed from the record on
-- each view, with its edits laid over; approval freezes the model into
-- `content`, so an approved or published release never changes.
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  letter_id INTEGER REFERENCES letters(id),
  decision_id INTEGER REFERENCES decisions(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'published')),
  published_on TEXT,
  content TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  approved_by TEXT,
  approved_at TEXT,
  published_by TEXT,
  published_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'draft') = (content IS NULL)));
CREATE INDEX releases_by_body ON releases(body_id, id);
CREATE TRIGGER releases_frozen BEFORE UPDATE ON releases
  WHEN OLD.status <> 'draft' AND (NEW.content IS NOT OLD.content OR NEW.body_id IS NOT OLD.body_id
    OR NEW.letter_id IS NOT OLD.letter_id OR NEW.decision_id IS NOT OLD.decision_id
    OR NEW.published_on IS NOT OLD.published_on)
  BEGIN SELECT RAISE(ABORT, 'an approved release never changes'); END;
CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases
  BEGIN SELECT RAISE(ABORT, 'releases are never deleted'); END;

-- Edits of a draft's blocks (headline, summary, process, decision,
-- improvements, progress), kept as its history: the latest edit of a block
-- is its text; none: the words drafted from the record. Append-only.
CREATE TABLE release_edits (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id),
  block TEXT NOT NULL CHECK (block IN ('headline', 'summary', 'process', 'decision', 'improvements', 'progress')),
  text TEXT NOT NULL,
  reason TEXT,
  edited_by TEXT,
  edited_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX release_edits_by_release ON release_edits(release_id, block, id);
CREATE TRIGGER release_edits_no_update BEFORE UPDATE ON release_edits
  BEGIN SELECT RAISE(ABORT, 'release edits are kept as they were: add another edit'); END;
CREATE TRIGGER release_edits_no_delete BEFORE DELETE ON release_edits
  BEGIN SELECT RAISE(ABORT, 'release edits are kept as they were: add another edit'); END;

-- Attributed quotes, entered by staff: who said it (name and title), the
-- words, and where they were said or recorded (source).
CREATE TABLE release_quotes (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id),
  position INTEGER NOT NULL DEFAULT 1,
  speaker TEXT NOT NULL,
  speaker_title TEXT,
  text TEXT NOT NULL,
  source TEXT,
  version INTEGER NOT NULL DEFAULT 1);
CREATE INDEX release_quotes_by_release ON release_quotes(release_id, position, id);
