-- 029: cheaper per-row work for PostgreSQL's writes, the bulk load of
-- `oversight synth` above all (issue #18 item 4; docs/benchmarks.md,
-- 2026-12-05 (night)). Nothing changes on SQLite, nor in what is stored.
--
-- 1. search_fts_vector (014) was a LANGUAGE sql function with a sub-SELECT
--    over regexp_split_to_table: not inlinable, so run as a query of its
--    own for every row written to search_docs (and read by its GIN index).
--    It is now one expression, which PostgreSQL inlines (in the index
--    expression too), with a fast path for texts under 2048 bytes (no word
--    of them can reach the 2048 bytes a lexeme may not): lower-cased
--    bytewise, one regexp_replace, split on spaces. Longer texts (or a
--    NULL) take 014's form, so words of 2048 bytes or more are still left
--    out. It gives the same tsvector for every input, NULL included
--    (tests/store/test_store.c, pg_search_vector_same_as_014), so the GIN
--    index built with 014's stays right.
-- 2. The <table>_assign_id triggers (001's ov_add_serial) ran ov_assign_id
--    for every row, even when the row came with its id and the sequence was
--    already past it (a bulk load moves it once: store_bulk_insert). They
--    now have a WHEN that calls it only when there is work: no id, or an id
--    past the sequence. ov_add_serial makes the triggers of later tables so.
-- pg:
-- 014's form, for the texts of 2048 bytes or more
CREATE FUNCTION search_fts_vector_long(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(ARRAY(
    SELECT w FROM regexp_split_to_table(
      translate(title || ' ' || body, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
      '[^0-9a-z\u0080-\U0010FFFF]+') AS w
    WHERE w <> '' AND octet_length(w) < 2048))
$$;
-- One expression (no sub-SELECT), so inlined where it is used: lower()
-- under the "C" collation folds ASCII letters only, as translate did, and
-- costs a pass over the bytes instead of a lookup per character. The helper
-- is named with its schema: an inlined body is resolved with the caller's
-- search_path, which pg_restore empties while it builds the GIN index.
DO $$
BEGIN
  EXECUTE format($f$
CREATE OR REPLACE FUNCTION search_fts_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $b$
  SELECT CASE WHEN octet_length(title) + octet_length(body) < 2047
    THEN array_to_tsvector(array_remove(string_to_array(
      regexp_replace(lower((title || ' ' || body) COLLATE "C"), '[^0-9a-z\u0080-\U0010FFFF]+', ' ', 'g'), ' '), ''))
    ELSE %I.search_fts_vector_long(title, body) END
$b$ $f$, current_schema());
END $$;

CREATE OR REPLACE FUNCTION ov_add_serial(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE SEQUENCE %I OWNED BY %I.id', tbl || '_id_seq', tbl);
  PERFORM ov_assign_id_trigger(tbl);
END $$;

-- (Re)creates tbl's id trigger, with its WHEN; the sequence is named by
-- its oid in the condition.
CREATE FUNCTION ov_assign_id_trigger(tbl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  seq regclass := format('%I', tbl || '_id_seq')::regclass;
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', tbl || '_assign_id', tbl);
  EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW'
                 ' WHEN (NEW.id IS NULL OR NEW.id > coalesce(pg_sequence_last_value(%L::regclass), 0))'
                 ' EXECUTE FUNCTION ov_assign_id(%L)',
                 tbl || '_assign_id', tbl, seq::oid::regclass::text, tbl || '_id_seq');
END $$;

DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT c.relname::text FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE NOT g.tgisinternal AND n.nspname = current_schema() AND g.tgname = c.relname || '_assign_id'
           ORDER BY 1 LOOP
    PERFORM ov_assign_id_trigger(t);
  END LOOP;
END $$;
-- end
