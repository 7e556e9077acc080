import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { errorMessage, InvalidArgumentError } from '../lib/core/errors';
import { redactSecrets } from '../lib/core/redact-secrets';
import { checkInstanceName } from '../lib/grpc/instance-name';
import { serviceAddressProblem } from '../lib/grpc/service-address';
import { DEFAULT_LISTEN_HOST, DEFAULT_SERVICE_PORTS, INSTANCE_HEARTBEAT } from '../lib/grpc/service-defaults';
import { SESSION_CLAIM } from '../lib/session/session-claim';
import { DEFAULT_REDIS_URL } from './stack/redis-for-run';

/**
 * `pg-autotune serve all`'s configuration, resolved here and nowhere else: each key from its
 * flag, else its environment variable, else the config file, else its default. A key's three
 * names follow one rule: file key `heartbeat_interval_s`, flag `--heartbeat-interval` (no
 * unit suffix), variable `PG_AUTOTUNE_HEARTBEAT_INTERVAL_S`. Defaults are the ones the services
 * and service-defaults.ts hold; a key left unset here lets the service apply its own.
 */
const port = z.number({ error: 'must be a port number 0..65535' }).int('must be an integer').min(0, 'must be a port 0..65535').max(65535, 'must be a port 0..65535');
const seconds = (range: { min: number; max: number }) =>
  z.number({ error: `must be a number of seconds ${range.min}..${range.max}` }).int('must be an integer').min(range.min, `must be at least ${range.min}`).max(range.max, `must be at most ${range.max}`);
const text = z.string({ error: 'must be a string' }).min(1, 'must not be empty');
const address = text.superRefine((value, ctx) => {
  const problem = serviceAddressProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const instanceName = text.superRefine((value, ctx) => {
  try {
    checkInstanceName(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: errorMessage(err).replace(/^name: /, '') });
  }
});
const flag = z.boolean({ error: 'must be true or false' });

const SERVE_CONFIG_SCHEMA = z.strictObject({
  listen: text.default(DEFAULT_LISTEN_HOST),
  discovery_port: port.default(DEFAULT_SERVICE_PORTS.discovery),
  collector_port: port.default(DEFAULT_SERVICE_PORTS.collector),
  recommendation_port: port.default(DEFAULT_SERVICE_PORTS.recommendation),
  environment_port: port.default(DEFAULT_SERVICE_PORTS.environment),
  store: text.optional(),
  redis: text.default(DEFAULT_REDIS_URL),
  stale_after_s: seconds(SESSION_CLAIM.staleAfterS).optional(),
  unavailable_after_s: seconds(INSTANCE_HEARTBEAT.flagRangeS).optional(),
  target: text.optional(),
  name: instanceName.optional(),
  data_dir: text.optional(),
  restart_command: text.optional(),
  state_dir: text.optional(),
  workloads: z.array(text, { error: 'must be a list of folders' }).default([]),
  allow_shell_scripts: flag.default(false),
  advertise: address.optional(),
  heartbeat_interval_s: seconds(INSTANCE_HEARTBEAT.flagRangeS).optional(),
  metrics_port: port.optional(),
  metrics_listen: text.default(DEFAULT_LISTEN_HOST),
  token_file: text.optional(),
  tls_cert: text.optional(),
  tls_key: text.optional(),
  tls_client_ca: text.optional(),
  tls_ca: text.optional(),
  tls_client_cert: text.optional(),
  tls_client_key: text.optional(),
  insecure: flag.default(false),
});

export type ServeConfig = z.output<typeof SERVE_CONFIG_SCHEMA>;
type Key = keyof ServeConfig;

/** What each key is, for `serve all --help` and README's table. */
export const SERVE_CONFIG_HELP: Readonly<Record<Key, string>> = {
  listen: `address every gRPC port listens on (default ${DEFAULT_LISTEN_HOST})`,
  discovery_port: `Discovery's port, 0: a free one (default ${DEFAULT_SERVICE_PORTS.discovery})`,
  collector_port: `the collector's port (default ${DEFAULT_SERVICE_PORTS.collector})`,
  recommendation_port: `the Recommendation API's port (default ${DEFAULT_SERVICE_PORTS.recommendation})`,
  environment_port: `the Environment's port (default ${DEFAULT_SERVICE_PORTS.environment})`,
  store: 'metadata store DSN (default: local server from PG* variables, database pg_autotune)',
  redis: `Redis for the trainer's replay buffers (default ${DEFAULT_REDIS_URL})`,
  stale_after_s: `the trainer takes over a session without a heartbeat for this long (default ${SESSION_CLAIM.staleAfterMs / 1000})`,
  unavailable_after_s: `Discovery reports an instance unavailable after this long without a heartbeat (default ${INSTANCE_HEARTBEAT.unavailableAfterMs / 1000})`,
  target: "start a collector for this server's DSN and register it (password: PGPASSWORD or a passfile); needs name",
  name: 'the instance name of target, [a-z0-9][a-z0-9_-]*',
  data_dir: "target's data directory: restarts (pg_ctl) and exact rollback",
  restart_command: 'restart target with this shell command instead of pg_ctl (needs data_dir)',
  state_dir: "where the collectors record their server's original configuration",
  workloads: "folders of custom pgbench scripts besides the project's workloads/ (every collector)",
  allow_shell_scripts: 'run custom scripts that use \\shell or \\setshell (every collector)',
  advertise: "the collector's address as Discovery and other trainers dial it (default: listen:collector_port)",
  heartbeat_interval_s: `seconds between the collectors' heartbeats (default ${INSTANCE_HEARTBEAT.intervalMs / 1000})`,
  metrics_port: 'serve Prometheus metrics of every service here at http://HOST:PORT/metrics (default: none)',
  metrics_listen: `address the metrics port listens on (default ${DEFAULT_LISTEN_HOST})`,
  token_file: 'bearer token required on every call and sent on every call, first line of FILE (else $PG_AUTOTUNE_TOKEN)',
  tls_cert: 'serve TLS with this certificate chain (PEM); needs tls_key',
  tls_key: 'the private key (PEM) of tls_cert',
  tls_client_ca: 'mutual TLS: accept only callers whose certificate this CA signed',
  tls_ca: 'call the services over TLS, trusting this CA (PEM): needed with tls_cert',
  tls_client_cert: 'mutual TLS: the certificate this process shows the services it calls',
  tls_client_key: 'the private key of tls_client_cert',
  insecure: 'listen beyond loopback without a bearer token',
};

const KEYS = Object.keys(SERVE_CONFIG_SCHEMA.shape) as Key[];
const BOOLEAN_KEYS = new Set<Key>(['allow_shell_scripts', 'insecure']);
const LIST_KEYS = new Set<Key>(['workloads']);
const NUMBER_KEYS = new Set<Key>(KEYS.filter((k) => k.endsWith('_port') || k.endsWith('_s')));
/**
 * Keys about the collector of `target` alone. The others about collectors (state_dir,
 * workloads, allow_shell_scripts, heartbeat_interval_s) apply to the ones started for
 * instances registered by target too (cli/stack/target-collectors.ts).
 */
const COLLECTOR_KEYS: readonly Key[] = ['name', 'data_dir', 'restart_command', 'advertise'];
/** DSNs: their password belongs in PGPASSWORD or a passfile, never in a file others may read or commit. */
const DSN_KEYS = ['store', 'target'] as const;

export const CONFIG_FILE_ENV = 'PG_AUTOTUNE_CONFIG';
export const flagOf = (key: Key): string => `--${key.replace(/_s$/, '').replaceAll('_', '-')}`;
export const envOf = (key: Key): string => `PG_AUTOTUNE_${key.toUpperCase()}`;

/** The flags of `serve all`, one per key; none has a commander default, so an unset flag stays unset. */
export function serveConfigOptions(): Option[] {
  return KEYS.map((key) => {
    const option = new Option(BOOLEAN_KEYS.has(key) ? flagOf(key) : `${flagOf(key)} <value>`, `${SERVE_CONFIG_HELP[key]} [${envOf(key)}]`);
    return LIST_KEYS.has(key) ? option.argParser((value: string, previous: string[] = []) => [...previous, value]) : option;
  });
}

export interface ServeConfigSources {
  /** commander's parsed options of `serve all` (attribute names: camelCase of the flag). */
  flags: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** `--config FILE` (else $PG_AUTOTUNE_CONFIG). */
  configFile?: string;
}

/** Where a key's value came from, so an error names what the user typed. */
type Origin = { kind: 'flag' | 'env' } | { kind: 'file'; file: string; line: number };

/**
 * The one resolution: flags > environment > config file > defaults.
 * @throws InvalidArgumentError naming the flag, the variable or `FILE:LINE` and the key of
 *   every bad value (the first as the error's field), and what is allowed.
 */
export function resolveServeConfig(sources: ServeConfigSources): ServeConfig {
  const file = sources.configFile ?? sources.env[CONFIG_FILE_ENV];
  const fromFile = file === undefined ? undefined : readServeConfigFile(file);
  const values: Record<string, unknown> = {};
  const origins = new Map<Key, Origin>();
  for (const key of KEYS) {
    const fromFlag = sources.flags[attributeOf(key)];
    const fromEnv = sources.env[envOf(key)];
    if (fromFlag !== undefined) {
      values[key] = fromText(key, fromFlag);
      origins.set(key, { kind: 'flag' });
    } else if (fromEnv !== undefined && fromEnv !== '') {
      values[key] = fromText(key, fromEnv);
      origins.set(key, { kind: 'env' });
    } else if (fromFile && Object.hasOwn(fromFile.values, key)) {
      values[key] = fromFile.values[key];
      origins.set(key, { kind: 'file', file: fromFile.file, line: fromFile.lineOf(key) });
    }
  }
  const named = (key: Key, message: string): InvalidArgumentError => {
    const origin = origins.get(key);
    if (origin?.kind === 'file') return new InvalidArgumentError(`${origin.file}:${origin.line}`, `${key}: ${message}`);
    return new InvalidArgumentError(origin?.kind === 'env' ? envOf(key) : flagOf(key), message);
  };
  const parsed = SERVE_CONFIG_SCHEMA.safeParse(values);
  if (!parsed.success) {
    const [first, ...others] = parsed.error.issues.map((issue) => named(issue.path[0] as Key, issue.message));
    if (others.length === 0) throw first!;
    throw new InvalidArgumentError(first!.field, [first!.message.slice(first!.field.length + 2), ...others.map((e) => e.message)].join('; '));
  }
  const config = parsed.data;
  for (const key of DSN_KEYS) {
    const dsn = config[key];
    if (origins.get(key)?.kind === 'file' && dsn !== undefined && redactSecrets(dsn) !== dsn) {
      throw named(key, 'holds a password: keep it in PGPASSWORD or a passfile (DSN passfile=FILE, or ~/.pgpass), not in the config file');
    }
  }
  if (config.target === undefined) {
    const stray = COLLECTOR_KEYS.find((key) => origins.has(key));
    if (stray) throw named(stray, `only applies with target (${flagOf('target')}, ${envOf('target')} or target: in the file), which starts the collector`);
  } else if (config.name === undefined) {
    throw named('target', `needs name too: the instance name the collector registers (${flagOf('name')}, ${envOf('name')} or name: in the file)`);
  }
  // Both ends of the heartbeat live in this process (for target's collector and those of instances
  // registered by target): a beat slower than the limit would show an instance unavailable between beats.
  const intervalS = config.heartbeat_interval_s ?? INSTANCE_HEARTBEAT.intervalMs / 1000;
  const limitS = config.unavailable_after_s ?? INSTANCE_HEARTBEAT.unavailableAfterMs / 1000;
  if (intervalS >= limitS) {
    const key = origins.has('heartbeat_interval_s') ? 'heartbeat_interval_s' : 'unavailable_after_s';
    throw named(key, `the heartbeat interval (${intervalS} s) must be shorter than unavailable_after_s (${limitS} s), or the instance reads unavailable between beats`);
  }
  return config;
}

function attributeOf(key: Key): string {
  return new Option(flagOf(key)).attributeName();
}

/** A flag's or variable's text as the key's type; a value that does not convert is left for the schema to name. */
function fromText(key: Key, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (NUMBER_KEYS.has(key)) return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (BOOLEAN_KEYS.has(key)) return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
  // A list in one variable: folders separated by ':' as in PATH.
  if (LIST_KEYS.has(key)) return value.split(':').filter(Boolean);
  return value;
}

interface ServeConfigFile {
  file: string;
  values: Record<string, unknown>;
  lineOf(key: string): number;
}

/**
 * Reads a config file: a YAML mapping of the keys above.
 * @throws InvalidArgumentError naming `FILE:LINE` for a file that cannot be read, is not YAML or
 *   not a mapping, or has unknown keys (all of them, with their lines).
 */
export function readServeConfigFile(file: string): ServeConfigFile {
  let textOfFile: string;
  try {
    textOfFile = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError('--config', `cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  return parseServeConfigFile(textOfFile, file);
}

/** The same for the file's text; `file` names it in messages. */
export function parseServeConfigFile(source: string, file: string): ServeConfigFile {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true });
  const lineAt = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  const yamlError = doc.errors[0];
  if (yamlError) {
    // The first line only: the rest quotes the file.
    const what = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InvalidArgumentError(`${file}:${yamlError.linePos?.[0].line ?? 1}`, `not valid YAML: ${what}`);
  }
  // An empty file is an empty configuration: every key from flags, environment or defaults.
  if (doc.contents === null) return { file, values: {}, lineOf: () => 1 };
  if (!isMap(doc.contents)) throw new InvalidArgumentError(`${file}:${lineAt(doc.contents.range[0])}`, `expected a mapping of keys (${KEYS.join(', ')})`);
  const values = doc.toJS() as Record<string, unknown>;
  const lineOf = (key: string) => lineOfKey(doc, key, lineAt);
  const unknown = Object.keys(values).filter((key) => !(KEYS as string[]).includes(key));
  if (unknown.length > 0) {
    const [first, ...others] = unknown.map((key) => ({ key, line: lineOf(key) })).sort((a, b) => a.line - b.line);
    const more = others.map((u) => `; ${file}:${u.line}: unknown key "${u.key}"`).join('');
    throw new InvalidArgumentError(`${file}:${first!.line}`, `unknown key "${first!.key}" (allowed: ${KEYS.join(', ')})${more}`);
  }
  return { file, values, lineOf };
}

/** The line of `key` in the top-level mapping. */
function lineOfKey(doc: Document, key: string, lineAt: (offset: number | undefined) => number): number {
  const map = doc.contents;
  if (!isMap(map)) return 1;
  const pair = map.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
  const node = (pair?.key ?? map) as { range?: [number, number, number] };
  return lineAt(node.range?.[0]);
}
