-- PostgreSQL translation of src/store/sql/004_letters.sql.
-- 004: letters generated from the record: "move to enhanced phase of
-- monitoring", "return to default phase of monitoring", cause-of-concern
-- revisit letters. A draft's facts are recomputed from the record on each
-- view; approval freezes them into `content` (the letter model as JSON) so
-- an approved or published letter never changes (src/docs/letter.c).
CREATE TABLE letters (
  id BIGINT PRIMARY KEY,
  body_id BIGINT NOT NULL REFERENCES bodies(id),
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
  ppog_meeting_id BIGINT REFERENCES ppog_meetings(id),
  decision_id BIGINT REFERENCES decisions(id),
  conclusion TEXT,
  content TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
  approved_by TEXT,
  approved_at TEXT,
  published_by TEXT,
  published_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  CHECK ((status = 'draft') = (content IS NULL)));
SELECT ov_add_serial('letters');
CREATE INDEX letters_by_body ON letters(body_id, id);

-- Once approved, the frozen content and the letter's fields never change.
CREATE TRIGGER letters_frozen BEFORE UPDATE ON letters
  FOR EACH ROW WHEN (OLD.status <> 'draft' AND (NEW.content IS DISTINCT FROM OLD.content OR NEW.kind IS DISTINCT FROM OLD.kind
    OR NEW.body_id IS DISTINCT FROM OLD.body_id OR NEW.title IS DISTINCT FROM OLD.title OR NEW.from_name IS DISTINCT FROM OLD.from_name
    OR NEW.from_titles IS DISTINCT FROM OLD.from_titles OR NEW.to_name IS DISTINCT FROM OLD.to_name OR NEW.to_org IS DISTINCT FROM OLD.to_org
    OR NEW.cc_name IS DISTINCT FROM OLD.cc_name OR NEW.cc_role IS DISTINCT FROM OLD.cc_role OR NEW.sent_on IS DISTINCT FROM OLD.sent_on
    OR NEW.published_on IS DISTINCT FROM OLD.published_on OR NEW.conclusion IS DISTINCT FROM OLD.conclusion))
  EXECUTE FUNCTION ov_raise('an approved letter never changes');
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
  FOR EACH ROW EXECUTE FUNCTION ov_raise('letters are never deleted');
