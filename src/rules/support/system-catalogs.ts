/**
 * System catalogs (pg_catalog.pg_index, pg_class, …): writing them directly is its own hazard (a
 * security rule judges catalog writes), not a backfill of application data, so the backfill and
 * long-running-DML advice does not apply. An unqualified `pg_…` name resolves to pg_catalog first,
 * which is implicitly at the front of every search_path.
 */
export function isSystemCatalog(table: string | undefined): boolean {
  if (!table) return false;
  const name = table.toLowerCase();
  return name.startsWith('pg_catalog.') || name.startsWith('information_schema.') || (!name.includes('.') && name.startsWith('pg_'));
}
