import { loadSqlParser, parseSql } from '../src/parse/sql/parse-sql.js';
await loadSqlParser();
const r = parseSql(`-- héllo
\\set ON_ERROR_STOP 1
CREATE TABLE "é" (id int);
ALTER TABLE é ADD COLUMN x uuid DEFAULT gen_random_uuid();
CREATE TABL oops;
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;
COPY t FROM stdin;
a;b
\\.
CREATE INDEX CONCURRENTLY i ON @extschema@.é (x) WHERE y = :'v';
CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));
`);
for (const s of r.statements) console.log(s.index, s.kind, JSON.stringify(s.range), JSON.stringify(s.text.slice(0,40)));
console.log(r.errors, r.metaCommands);
const alter = r.statements[1];
const col = (alter.ast as any).cmds[0].AlterTableCmd.def.ColumnDef;
console.log(alter.rangeAt(col.location), alter.rangeAt(col.constraints[0].Constraint.raw_expr.FuncCall.location));
