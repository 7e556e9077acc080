import { readFileSync } from 'node:fs';

export interface PassfileQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

/**
 * The password a libpq passfile (~/.pgpass format: host:port:database:user:password, `*`
 * matches anything, `\` escapes `:` and `\`) gives for a connection, or undefined. node-postgres
 * reads only PGPASSFILE or ~/.pgpass, so a DSN's `passfile=` is looked up here. A file that
 * cannot be read gives no password, as in libpq.
 */
export function passwordFromPassfile(path: string, query: PassfileQuery): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const wanted = [query.host, String(query.port), query.database, query.user];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = splitPassfileLine(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, i) => fields[i] === '*' || fields[i] === value)) return fields.slice(4).join(':');
  }
  return undefined;
}

function splitPassfileLine(line: string): string[] {
  const fields: string[] = [''];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) fields[fields.length - 1] += line[++i];
    else if (c === ':') fields.push('');
    else fields[fields.length - 1] += c;
  }
  return fields;
}
