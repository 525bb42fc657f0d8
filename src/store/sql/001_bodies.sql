-- 001: phases as data, bodies, phase decisions.
-- bodies.phase/phase_since are kept by the decision transaction so the
-- status board needs no scan of the history (src/store/bodies.c).
-- The few helpers that let the SQL in src/store/*.c, written for SQLite, run
-- unchanged on PostgreSQL, and that the translated schema uses.
-- pg:
-- Ids as SQLite's INTEGER PRIMARY KEY gives them: the next is one more than
-- the largest so far, and an explicit id (the audit log, import-export
-- keeping ids) moves the sequence on so later inserts never collide.
CREATE FUNCTION ov_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval(TG_ARGV[0]::regclass);
  ELSIF NEW.id > coalesce(pg_sequence_last_value(TG_ARGV[0]::regclass), 0) THEN
    PERFORM setval(TG_ARGV[0]::regclass, NEW.id);
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION ov_add_serial(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE SEQUENCE %I OWNED BY %I.id', tbl || '_id_seq', tbl);
  EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION ov_assign_id(%L)',
                 tbl || '_assign_id', tbl, tbl || '_id_seq');
END $$;

-- SQLite's "SELECT RAISE(ABORT, msg)" in a trigger: the trigger's message,
-- SQLSTATE P0001 (the store reports it as a conflict, as on SQLite).
CREATE FUNCTION ov_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;

-- strftime('%Y-%m-%dT%H:%M:%SZ', 'now') as SQLite has it (UTC, seconds).
CREATE FUNCTION strftime(fmt text, at text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE t timestamp := CASE WHEN at = 'now' THEN now() at time zone 'utc' ELSE at::timestamp END;
BEGIN
  RETURN replace(replace(replace(replace(replace(replace(fmt,
    '%Y', to_char(t, 'YYYY')), '%m', to_char(t, 'MM')), '%d', to_char(t, 'DD')),
    '%H', to_char(t, 'HH24')), '%M', to_char(t, 'MI')), '%S', to_char(t, 'SS'));
END $$;

-- The tables of this schema, for queries that ask SQLite's catalogue
-- whether a table exists.
CREATE VIEW sqlite_master AS
  SELECT 'table'::text AS type, tablename::text AS name, tablename::text AS tbl_name
  FROM pg_tables WHERE schemaname = current_schema();

-- SQLite's pragma_table_info(table): the columns of a table, in order, with
-- their types as the SQLite schema declares them.
CREATE FUNCTION pragma_table_info(tbl text)
  RETURNS TABLE (cid integer, name text, type text, "notnull" integer, dflt_value text, pk integer)
  LANGUAGE sql STABLE AS $$
  SELECT c.ordinal_position::integer - 1, c.column_name::text,
         CASE c.data_type WHEN 'bigint' THEN 'INTEGER' WHEN 'integer' THEN 'INTEGER' WHEN 'double precision' THEN 'REAL'
                          WHEN 'bytea' THEN 'BLOB' ELSE 'TEXT' END,
         (c.is_nullable = 'NO')::integer, c.column_default::text,
         (EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                  JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name
                   AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name
                  WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema
                    AND tc.table_name = c.table_name AND k.column_name = c.column_name))::integer
  FROM information_schema.columns c
  WHERE c.table_schema = current_schema() AND c.table_name = tbl
  ORDER BY c.ordinal_position
$$;
-- end
CREATE TABLE phases (  code TEXT PRIMARY KEY,  name TEXT NOT NULL,  level INTEGER NOT NULL,  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)));
CREATE TABLE phase_transitions (  from_phase TEXT NOT NULL REFERENCES phases(code),  to_phase TEXT NOT NULL REFERENCES phases(code),  decider_role TEXT NOT NULL,  PRIMARY KEY (from_phase, to_phase));
INSERT INTO phases VALUES ('scan', 'Scan', 1, 1), ('engage', 'Engage', 2, 0);
INSERT INTO phase_transitions VALUES ('scan', 'engage', 'hmci'), ('engage', 'scan', 'hmci');
CREATE TABLE bodies (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('police', 'fire')),  country TEXT NOT NULL DEFAULT '',  governance TEXT NOT NULL DEFAULT '',  local_policing_body TEXT NOT NULL DEFAULT '',  chief_officer_title TEXT NOT NULL DEFAULT '',  phase TEXT NOT NULL REFERENCES phases(code),  phase_since TEXT,  version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE decisions (  id INTEGER PRIMARY KEY,  body_id INTEGER NOT NULL REFERENCES bodies(id),  from_phase TEXT NOT NULL REFERENCES phases(code),  to_phase TEXT NOT NULL REFERENCES phases(code),  recommended_by TEXT,  decided_by TEXT NOT NULL,  decided_on TEXT NOT NULL,  effective_on TEXT NOT NULL,  rationale TEXT NOT NULL,  meeting TEXT,  source_url TEXT,  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),  CHECK (from_phase <> to_phase));
CREATE INDEX decisions_by_body ON decisions(body_id, effective_on);
