import type { Queryable } from './repositories/queryable.js';

/**
 * The public schema as PostgreSQL's catalogue describes it, one sorted line per table, column, constraint,
 * index, sequence, function and trigger (the migrations' own bookkeeping table left out). Two databases with the same lines have
 * the same schema; the migration test compares it before and after running every migration down and up, so a
 * migration whose `down` does not exactly undo its `up` fails.
 */
export async function schemaCatalogue(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ line: string }[]>(
    `SELECT 'table ' || c.relname AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> 'schema_migration'
     UNION ALL
     SELECT format('column %s.%s %s%s%s', table_name, column_name, data_type,
                   CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END,
                   COALESCE(' default ' || column_default, ''))
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migration'
     UNION ALL
     SELECT format('constraint %s.%s %s', t.relname, k.conname, pg_get_constraintdef(k.oid))
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname <> 'schema_migration'
     UNION ALL
     SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migration'
     UNION ALL
     SELECT format('sequence %s %s', sequence_name, data_type)
       FROM information_schema.sequences
      WHERE sequence_schema = 'public' AND sequence_name NOT LIKE 'schema_migration%'
     UNION ALL
     SELECT format('function %s(%s) %s', p.proname, pg_get_function_identity_arguments(p.oid), md5(p.prosrc))
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public'
     UNION ALL
     SELECT 'trigger ' || pg_get_triggerdef(g.oid)
       FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT g.tgisinternal
     ORDER BY 1`,
  );
  return rows.map((row) => row.line);
}
