-- 004: letters generated from the record: "move to enhanced phase of
-- monitoring", "return to default phase of monitoring", cause-of-concern
-- revisit letters. A draft's facts are recomputed from the record on each
-- view; approval freezes them into `content` (the letter model as JSON) so
-- an approved or published letter never changes (src/docs/letter.c).
CREATE TABLE letters (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  kind TEXT NOT NULL CHECK (kind IN ('move_to_engage', 'return_to_scan', 'revisit')),
  title TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'published')),
  from_name TEXT,
  from_titles TEXT,
  to_name TEXT,
  to_org TEXT,
  cc_name TEXT,
  cc_role TEXT,
  sent_on TEXT,
  published_on TEXT,
  ppog_meeting_id INTEGER REFERENCES ppog_meetings(id),
  decision_id INTEGER REFERENCES decisions(id),
  conclusion TEXT,
  content TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  approved_by TEXT,
  approved_at TEXT,
  published_by TEXT,
  published_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK ((status = 'draft') = (content IS NULL)));
CREATE INDEX letters_by_body ON letters(body_id, id);

-- Once approved, the frozen content and the letter's fields never change.
CREATE TRIGGER letters_frozen BEFORE UPDATE ON letters
  WHEN OLD.status <> 'draft' AND (NEW.content IS NOT OLD.content OR NEW.kind IS NOT OLD.kind
    OR NEW.body_id IS NOT OLD.body_id OR NEW.title IS NOT OLD.title OR NEW.from_name IS NOT OLD.from_name
    OR NEW.from_titles IS NOT OLD.from_titles OR NEW.to_name IS NOT OLD.to_name OR NEW.to_org IS NOT OLD.to_org
    OR NEW.cc_name IS NOT OLD.cc_name OR NEW.cc_role IS NOT OLD.cc_role OR NEW.sent_on IS NOT OLD.sent_on
    OR NEW.published_on IS NOT OLD.published_on OR NEW.conclusion IS NOT OLD.conclusion)
  BEGIN SELECT RAISE(ABORT, 'an approved letter never changes'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
  BEGIN SELECT RAISE(ABORT, 'letters are never deleted'); END;
