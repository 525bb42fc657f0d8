-- 013: full-text search over the public record (docs/search.md): one row
-- of search_docs per recommendation, cause of concern, letter and phase
-- decision, holding the text that is searched (a title and a text), kept
-- in step with its item by the triggers below and filled here from the
-- rows already recorded. Who may see a found item is not stored: the
-- search asks the publication rule (store/publication.h) of the item
-- itself, at query time.
--
-- The index itself is one per dialect, with the same words on both, by
-- construction rather than by locale: a word is a run of ASCII letters and
-- digits and of non-ASCII characters (core/search.h), ASCII letters are
-- lower-cased, nothing else is changed (no stemming, no stop words, no
-- accents removed). SQLite: an FTS5 table over search_docs with FTS5's
-- `ascii` tokenizer, which splits and folds exactly so. PostgreSQL: a GIN
-- index on a tsvector of the same words, made with array_to_tsvector (no
-- parser, no dictionary, so no locale) and searched with a tsquery cast
-- from text (store/search.c). Both are named search_fts*, which the schema
-- comparison (tests/store/test_schema.c) leaves out.
CREATE TABLE search_docs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('recommendation', 'cause', 'letter', 'decision')),
  item_id INTEGER NOT NULL,
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, item_id));

-- sqlite: FTS5 over search_docs (external content), fed by its triggers
CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_docs', content_rowid='id',
  tokenize = 'ascii');
CREATE TRIGGER search_fts_insert AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
END;
CREATE TRIGGER search_fts_delete AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, text) VALUES ('delete', OLD.id, OLD.title, OLD.text);
END;
CREATE TRIGGER search_fts_update AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, text) VALUES ('delete', OLD.id, OLD.title, OLD.text);
  INSERT INTO search_fts (rowid, title, text) VALUES (NEW.id, NEW.title, NEW.text);
END;

CREATE TRIGGER search_recommendations_insert AFTER INSERT ON recommendations BEGIN
  INSERT INTO search_docs (kind, item_id, body_id, title, text)
    VALUES ('recommendation', NEW.id, NEW.body_id, 'Recommendation ' || NEW.number, NEW.text);
END;
CREATE TRIGGER search_recommendations_update AFTER UPDATE OF body_id, number, text ON recommendations BEGIN
  UPDATE search_docs SET body_id = NEW.body_id, title = 'Recommendation ' || NEW.number, text = NEW.text
    WHERE kind = 'recommendation' AND item_id = NEW.id;
END;
CREATE TRIGGER search_recommendations_delete AFTER DELETE ON recommendations BEGIN
  DELETE FROM search_docs WHERE kind = 'recommendation' AND item_id = OLD.id;
END;

CREATE TRIGGER search_causes_insert AFTER INSERT ON causes_of_concern BEGIN
  INSERT INTO search_docs (kind, item_id, body_id, title, text)
    VALUES ('cause', NEW.id, NEW.body_id, COALESCE(NEW.title, ''), NEW.text);
END;
CREATE TRIGGER search_causes_update AFTER UPDATE OF body_id, title, text ON causes_of_concern BEGIN
  UPDATE search_docs SET body_id = NEW.body_id, title = COALESCE(NEW.title, ''), text = NEW.text
    WHERE kind = 'cause' AND item_id = NEW.id;
END;
CREATE TRIGGER search_causes_delete AFTER DELETE ON causes_of_concern BEGIN
  DELETE FROM search_docs WHERE kind = 'cause' AND item_id = OLD.id;
END;

CREATE TRIGGER search_letters_insert AFTER INSERT ON letters BEGIN
  INSERT INTO search_docs (kind, item_id, body_id, title, text)
    VALUES ('letter', NEW.id, NEW.body_id, COALESCE(NEW.title, ''), COALESCE(NEW.conclusion, ''));
END;
CREATE TRIGGER search_letters_update AFTER UPDATE OF body_id, title, conclusion ON letters BEGIN
  UPDATE search_docs SET body_id = NEW.body_id, title = COALESCE(NEW.title, ''), text = COALESCE(NEW.conclusion, '')
    WHERE kind = 'letter' AND item_id = NEW.id;
END;
CREATE TRIGGER search_letters_delete AFTER DELETE ON letters BEGIN
  DELETE FROM search_docs WHERE kind = 'letter' AND item_id = OLD.id;
END;

CREATE TRIGGER search_decisions_insert AFTER INSERT ON decisions BEGIN
  INSERT INTO search_docs (kind, item_id, body_id, title, text)
    VALUES ('decision', NEW.id, NEW.body_id,
            'Decision: ' || COALESCE((SELECT name FROM phases WHERE code = NEW.from_phase), NEW.from_phase)
              || ' to ' || COALESCE((SELECT name FROM phases WHERE code = NEW.to_phase), NEW.to_phase),
            NEW.rationale || ' ' || COALESCE(NEW.meeting, '') || ' ' || NEW.decided_by);
END;
CREATE TRIGGER search_decisions_update AFTER UPDATE OF body_id, from_phase, to_phase, rationale, meeting, decided_by ON decisions BEGIN
  UPDATE search_docs SET body_id = NEW.body_id,
      title = 'Decision: ' || COALESCE((SELECT name FROM phases WHERE code = NEW.from_phase), NEW.from_phase)
              || ' to ' || COALESCE((SELECT name FROM phases WHERE code = NEW.to_phase), NEW.to_phase),
      text = NEW.rationale || ' ' || COALESCE(NEW.meeting, '') || ' ' || NEW.decided_by
    WHERE kind = 'decision' AND item_id = NEW.id;
END;
CREATE TRIGGER search_decisions_delete AFTER DELETE ON decisions BEGIN
  DELETE FROM search_docs WHERE kind = 'decision' AND item_id = OLD.id;
END;
-- pg: the same words as FTS5's ascii tokenizer finds, a GIN index, and the triggers as functions
CREATE FUNCTION search_fts_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT array_to_tsvector(ARRAY(
    SELECT w FROM regexp_split_to_table(
      translate(title || ' ' || body, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
      '[^0-9a-z\u0080-\U0010FFFF]+') AS w
    WHERE w <> '' AND octet_length(w) < 2048))
$$;
CREATE INDEX search_fts_gin ON search_docs USING gin (search_fts_vector(title, text));

CREATE FUNCTION search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text := TG_ARGV[0];
  t text;
  x text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_docs WHERE kind = k AND item_id = OLD.id;
    RETURN OLD;
  END IF;
  IF k = 'recommendation' THEN
    t := 'Recommendation ' || NEW.number; x := NEW.text;
  ELSIF k = 'cause' THEN
    t := COALESCE(NEW.title, ''); x := NEW.text;
  ELSIF k = 'letter' THEN
    t := COALESCE(NEW.title, ''); x := COALESCE(NEW.conclusion, '');
  ELSE
    t := 'Decision: ' || COALESCE((SELECT name FROM phases WHERE code = NEW.from_phase), NEW.from_phase)
         || ' to ' || COALESCE((SELECT name FROM phases WHERE code = NEW.to_phase), NEW.to_phase);
    x := NEW.rationale || ' ' || COALESCE(NEW.meeting, '') || ' ' || NEW.decided_by;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_docs (kind, item_id, body_id, title, text) VALUES (k, NEW.id, NEW.body_id, t, x);
  ELSE
    UPDATE search_docs SET body_id = NEW.body_id, title = t, text = x WHERE kind = k AND item_id = NEW.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER search_recommendations_insert AFTER INSERT ON recommendations
  FOR EACH ROW EXECUTE FUNCTION search_sync('recommendation');
CREATE TRIGGER search_recommendations_update AFTER UPDATE OF body_id, number, text ON recommendations
  FOR EACH ROW EXECUTE FUNCTION search_sync('recommendation');
CREATE TRIGGER search_recommendations_delete AFTER DELETE ON recommendations
  FOR EACH ROW EXECUTE FUNCTION search_sync('recommendation');
CREATE TRIGGER search_causes_insert AFTER INSERT ON causes_of_concern
  FOR EACH ROW EXECUTE FUNCTION search_sync('cause');
CREATE TRIGGER search_causes_update AFTER UPDATE OF body_id, title, text ON causes_of_concern
  FOR EACH ROW EXECUTE FUNCTION search_sync('cause');
CREATE TRIGGER search_causes_delete AFTER DELETE ON causes_of_concern
  FOR EACH ROW EXECUTE FUNCTION search_sync('cause');
CREATE TRIGGER search_letters_insert AFTER INSERT ON letters
  FOR EACH ROW EXECUTE FUNCTION search_sync('letter');
CREATE TRIGGER search_letters_update AFTER UPDATE OF body_id, title, conclusion ON letters
  FOR EACH ROW EXECUTE FUNCTION search_sync('letter');
CREATE TRIGGER search_letters_delete AFTER DELETE ON letters
  FOR EACH ROW EXECUTE FUNCTION search_sync('letter');
CREATE TRIGGER search_decisions_insert AFTER INSERT ON decisions
  FOR EACH ROW EXECUTE FUNCTION search_sync('decision');
CREATE TRIGGER search_decisions_update AFTER UPDATE OF body_id, from_phase, to_phase, rationale, meeting, decided_by ON decisions
  FOR EACH ROW EXECUTE FUNCTION search_sync('decision');
CREATE TRIGGER search_decisions_delete AFTER DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION search_sync('decision');
-- end

-- What was recorded before this migration (on SQLite the triggers above
-- feed the FTS5 table as these rows go in).
INSERT INTO search_docs (kind, item_id, body_id, title, text)
  SELECT 'recommendation', id, body_id, 'Recommendation ' || number, text FROM recommendations;
INSERT INTO search_docs (kind, item_id, body_id, title, text)
  SELECT 'cause', id, body_id, COALESCE(title, ''), text FROM causes_of_concern;
INSERT INTO search_docs (kind, item_id, body_id, title, text)
  SELECT 'letter', id, body_id, COALESCE(title, ''), COALESCE(conclusion, '') FROM letters;
INSERT INTO search_docs (kind, item_id, body_id, title, text)
  SELECT 'decision', d.id, d.body_id,
         'Decision: ' || COALESCE(f.name, d.from_phase) || ' to ' || COALESCE(t.name, d.to_phase),
         d.rationale || ' ' || COALESCE(d.meeting, '') || ' ' || d.decided_by
  FROM decisions d LEFT JOIN phases f ON f.code = d.from_phase LEFT JOIN phases t ON t.code = d.to_phase;
