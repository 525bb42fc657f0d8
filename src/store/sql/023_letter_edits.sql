-- 023: edits of a draft letter's blocks (issue #17 item 6), kept as its
-- history as release_edits (019) are for news releases: who, when, the
-- block (its position in the drafted letter, 0 the title), the text it had
-- and the text it got, and why. The latest edit of a block is its text;
-- none: the words drafted from the record. Append-only: a letter's
-- history is never rewritten. Approval freezes the model with the edits
-- laid over into letters.content (004), so an approved letter never
-- changes (the store refuses edits of it: src/app/letters.c).
CREATE TABLE letter_edits (
  id INTEGER PRIMARY KEY,
  letter_id INTEGER NOT NULL REFERENCES letters(id),
  block INTEGER NOT NULL CHECK (block >= 0),
  old_text TEXT,
  text TEXT NOT NULL,
  reason TEXT,
  edited_by TEXT,
  edited_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX letter_edits_by_letter ON letter_edits(letter_id, block, id);
CREATE TRIGGER letter_edits_no_update BEFORE UPDATE ON letter_edits
  BEGIN SELECT RAISE(ABORT, 'letter edits are kept as they were: add another edit'); END;
CREATE TRIGGER letter_edits_no_delete BEFORE DELETE ON letter_edits
  BEGIN SELECT RAISE(ABORT, 'letter edits are kept as they were: add another edit'); END;
