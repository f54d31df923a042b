-- Applied by scripts/stack/ferretdb.sh to the `ferretdb` database at every start (idempotent).
--
-- FerretDB 1.24 answers a filter such as {_id: X} or {passport: P} with
--   SELECT _jsonb FROM <table> WHERE _jsonb->'<field>' @> '<value>'
-- while the indexes it creates for the collection's indexes are btree indexes on (_jsonb -> '<field>'),
-- which PostgreSQL cannot use for @>: every lookup, update and delete read the whole table, and got
-- slower with every ticket issued. Here each single-field btree index FerretDB creates gets a GIN twin
-- on the same expression (GIN serves @>), at creation (an event trigger) and for the tables already
-- there. The btree index still enforces uniqueness; FerretDB is not aware of the twins.
SET client_min_messages = warning;

CREATE OR REPLACE FUNCTION et_gin_twin(index_oid oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  expression text;
  target regclass;
  twin text;
BEGIN
  SELECT pg_get_indexdef(i.indexrelid, 1, true), i.indrelid::regclass,
         left(c.relname, 50) || '_gin'
    INTO expression, target, twin
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_am am ON am.oid = c.relam
  WHERE i.indexrelid = index_oid AND am.amname = 'btree' AND i.indnatts = 1;
  IF expression IS NULL OR expression NOT LIKE '(_jsonb -> %' THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s)', twin, target, expression);
END;
$$;

CREATE OR REPLACE FUNCTION et_gin_twin_created() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM et_gin_twin(created.objid);
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS et_gin_twin_created;
CREATE EVENT TRIGGER et_gin_twin_created ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION et_gin_twin_created();

SELECT et_gin_twin(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast');
