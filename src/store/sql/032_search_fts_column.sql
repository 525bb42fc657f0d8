-- 032: PostgreSQL's search vector kept in search_docs (issue #18 item 4;
-- docs/benchmarks.md, 2026-12-06 (night)). Nothing changes on SQLite.
--
-- 014's GIN index was on an expression, search_fts_vector(title, text),
-- made again for every row whenever the index is built: at 100,000 bodies
-- (2.2 million rows) that build took 30-43 s of `oversight synth`'s load,
-- most of it making vectors, on one CPU. The vector is now a column,
-- search_fts, which a trigger keeps from the same function on every insert
-- and update, and the index is on the column (12 s for the same rows).
-- synth's load, which disables that trigger, writes the column itself,
-- made by the program on the thread that makes the rows (core/search.h,
-- search_pg_vector; tests/store/test_store.c holds the two equal). The
-- search reads the column (store/search.c); the words found are the same.
-- Named search_fts*, the column and its trigger are part of the full-text
-- index, one per dialect, that the schema comparison leaves out
-- (tests/store/test_schema.c).
-- pg:
ALTER TABLE search_docs ADD COLUMN search_fts tsvector;
UPDATE search_docs SET search_fts = search_fts_vector(title, text);
ALTER TABLE search_docs ALTER COLUMN search_fts SET NOT NULL;
-- the function named with its schema, as 029's helper: the trigger's
-- body is resolved with the caller's search_path
DO $$
BEGIN
  EXECUTE format($f$
CREATE FUNCTION search_fts_keep() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
  NEW.search_fts := %I.search_fts_vector(NEW.title, NEW.text);
  RETURN NEW;
END $b$ $f$, current_schema());
END $$;
CREATE TRIGGER search_fts_keep BEFORE INSERT OR UPDATE ON search_docs
  FOR EACH ROW EXECUTE FUNCTION search_fts_keep();
DROP INDEX search_fts_gin;
CREATE INDEX search_fts_gin ON search_docs USING gin (search_fts);
-- end
