import { escapeIdentifier } from 'pg';
import { STAT_VIEWS, type StatViewDef, type VersionBounds } from './stat-views';

/** The installed pg_stat_statements, when the server can answer it. */
export interface StatementsExtension {
  schema: string;
  /** major * 100 + minor ("1.11" -> 111). */
  versionNum: number;
}

/** What decides which views and columns a server has. */
export interface StatSources {
  serverVersionNum: number;
  statements: StatementsExtension | null;
}

export interface StatMetric {
  name: string;
  counter: boolean;
}

/** One SELECT over one view: column i of its single row is metrics[i]. */
export interface StatViewQuery {
  relation: string;
  sql: string;
  metrics: StatMetric[];
}

/** "1.11" -> 111: extension versions compare as numbers only after this. */
export function extensionVersionNum(version: string): number {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`unexpected extension version "${version}"`);
  return Number(match[1]) * 100 + Number(match[2]);
}

function within(version: number, bounds: VersionBounds): boolean {
  return (bounds.since === undefined || version >= bounds.since) && (bounds.until === undefined || version < bounds.until);
}

function sourceVersion(view: StatViewDef, sources: StatSources): number | null {
  return view.versionOf === 'server' ? sources.serverVersionNum : (sources.statements?.versionNum ?? null);
}

function relationName(view: StatViewDef, sources: StatSources): string {
  // The schema is a catalog name read from the server, not a constant: escaped.
  return view.versionOf === 'pg_stat_statements' && sources.statements
    ? `${escapeIdentifier(sources.statements.schema)}.${view.relation}`
    : view.relation;
}

/**
 * The queries for a server: every view it has, with the columns its version has. Each
 * column is summed over the view's rows (all databases, all statements, all backends; a
 * one-row view sums to itself) and cast to float8, which node-postgres returns as a number.
 * All SQL text comes from STAT_VIEWS except the escaped extension schema.
 */
export function statViewQueries(sources: StatSources): StatViewQuery[] {
  const queries: StatViewQuery[] = [];
  for (const view of STAT_VIEWS) {
    const version = sourceVersion(view, sources);
    if (version === null || !within(version, view)) continue;
    const columns = view.columns.filter((c) => within(version, c));
    const relation = relationName(view, sources);
    const selects = columns.map((c, i) => {
      const filter = c.filter ? ` FILTER (WHERE ${c.filter})` : '';
      return `coalesce(sum(${c.column ?? c.metric})${filter}, 0)::float8 AS m${i}`;
    });
    queries.push({
      relation: view.relation,
      sql: `SELECT ${selects.join(', ')} FROM ${relation}${view.where ? ` WHERE ${view.where}` : ''}`,
      metrics: columns.map((c) => ({ name: `${view.prefix}.${c.metric}`, counter: c.counter })),
    });
  }
  return queries;
}
