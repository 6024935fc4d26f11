/**
 * GNUmed's bootstrap configs (`bootstrap/update_db-v14_v15.conf` …): INI-like files whose lists
 * span lines (`key = $key$`, one item a line, up to `$key$`). GNUmed applies a version step's SQL
 * in the order they list it, not by file name (its static changes before its dynamic ones).
 */

export interface GnumedSchemaFiles {
  /** The section's `schema base directory`, relative to the config file. */
  directory: string;
  files: string[];
}

/**
 * The SQL files a GNUmed bootstrap config (`update_db-v14_v15.conf` …) applies, in its
 * bootstrapper's order: `bundles` lists the bundles (static changes before dynamic ones, then
 * fixups), each `[bundle NAME]` section lists its `schema` files; before a database's first
 * bundle, the database is set up with its own `superuser schema`, then `schema` files. Lists
 * without files or a base directory are left out.
 */
export function parseGnumedBootstrap(text: string): GnumedSchemaFiles[] {
  const sections = iniSections(text);
  const databases = new Set<string>();
  const groups: GnumedSchemaFiles[] = [];
  for (const name of listValue(sections.get('installation') ?? [], 'bundles')) {
    const bundle = sections.get(`bundle ${name}`) ?? [];
    const database = settingValue(bundle, 'database alias');
    if (database && !databases.has(database)) {
      databases.add(database);
      const section = sections.get(`database ${database}`) ?? [];
      groups.push(schemaFiles(section, 'superuser schema'), schemaFiles(section, 'schema'));
    }
    groups.push(schemaFiles(bundle, 'schema'));
  }
  return groups.filter((group) => group.directory && group.files.length > 0);
}

function schemaFiles(section: readonly string[], key: string): GnumedSchemaFiles {
  return { directory: settingValue(section, 'schema base directory') ?? '', files: listValue(section, key) };
}

function settingValue(section: readonly string[], key: string): string | undefined {
  for (const line of section) {
    const equals = line.indexOf('=');
    if (equals < 0 || line.slice(0, equals).trim() !== key) continue;
    const value = line.slice(equals + 1).trim();
    if (value) return value;
  }
  return undefined;
}

/** Lines of each `[section]` of an INI-like file. */
function iniSections(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line.trim());
    if (!header) {
      current.push(line);
      continue;
    }
    current = [];
    sections.set(header[1]!.trim(), current);
  }
  return sections;
}

/** GNUmed's multi-line values: `key = $key$`, one item a line, up to `$key$`; `#` lines are left out. */
function listValue(lines: readonly string[], key: string): string[] {
  const opening = new RegExp(`^${key}\\s*=\\s*\\$${key}\\$$`);
  const start = lines.findIndex((line) => opening.test(line.trim()));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.trim() === `$${key}$`);
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}
