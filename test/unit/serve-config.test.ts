import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { DEFAULT_LISTEN_HOST, DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { envOf, flagOf, parseServeConfigFile, resolveServeConfig } from '../../cli/serve-config';

const dir = mkdtempSync(path.join(tmpdir(), 'pgat-serve-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = path.join(dir, `serve-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The message of what `run` throws, which must be an InvalidArgumentError. */
function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error('expected a refusal');
}

describe('serve all configuration: flags > environment > file > defaults', () => {
  it('defaults to the services defaults with nothing given', () => {
    const config = resolveServeConfig({ flags: {}, env: {} });
    expect(config).toMatchObject({
      listen: DEFAULT_LISTEN_HOST,
      discovery_port: DEFAULT_SERVICE_PORTS.discovery,
      collector_port: DEFAULT_SERVICE_PORTS.collector,
      recommendation_port: DEFAULT_SERVICE_PORTS.recommendation,
      environment_port: DEFAULT_SERVICE_PORTS.environment,
      workloads: [],
      insecure: false,
    });
    // Left to the services, which hold their own defaults.
    expect(config.store).toBeUndefined();
    expect(config.heartbeat_interval_s).toBeUndefined();
    expect(config.unavailable_after_s).toBeUndefined();
  });

  it('takes each key from the highest source that has it', () => {
    const file = configFile('discovery_port: 7101\nenvironment_port: 7104\nrecommendation_port: 7103\nredis: redis://file:6379\n');
    const config = resolveServeConfig({
      flags: { discoveryPort: '7201' },
      env: { PG_AUTOTUNE_DISCOVERY_PORT: '7301', PG_AUTOTUNE_ENVIRONMENT_PORT: '7304' },
      configFile: file,
    });
    expect(config.discovery_port).toBe(7201); // flag over environment and file
    expect(config.environment_port).toBe(7304); // environment over file
    expect(config.recommendation_port).toBe(7103); // file over default
    expect(config.redis).toBe('redis://file:6379');
    expect(config.collector_port).toBe(DEFAULT_SERVICE_PORTS.collector); // default
  });

  it('finds the file in PG_AUTOTUNE_CONFIG, and --config over it', () => {
    const a = configFile('listen: 10.0.0.1\n');
    const b = configFile('listen: 10.0.0.2\n');
    expect(resolveServeConfig({ flags: {}, env: { PG_AUTOTUNE_CONFIG: a } }).listen).toBe('10.0.0.1');
    expect(resolveServeConfig({ flags: {}, env: { PG_AUTOTUNE_CONFIG: a }, configFile: b }).listen).toBe('10.0.0.2');
  });

  it('converts environment text to numbers, booleans and lists', () => {
    const config = resolveServeConfig({
      flags: {},
      env: { PG_AUTOTUNE_TARGET: 'postgres://postgres@127.0.0.1:5432/pgbench', PG_AUTOTUNE_NAME: 'db-1', PG_AUTOTUNE_HEARTBEAT_INTERVAL_S: '5', PG_AUTOTUNE_INSECURE: 'true', PG_AUTOTUNE_WORKLOADS: '/a:/b' },
    });
    expect(config).toMatchObject({ heartbeat_interval_s: 5, insecure: true, workloads: ['/a', '/b'], name: 'db-1' });
  });

  it('names the flag, the variable or the file line of a bad value, with what is allowed', () => {
    expect(refusal(() => resolveServeConfig({ flags: { discoveryPort: 'x' }, env: {} })).message).toBe('--discovery-port: must be a port number 0..65535');
    expect(refusal(() => resolveServeConfig({ flags: {}, env: { PG_AUTOTUNE_HEARTBEAT_INTERVAL_S: '0' } })).message).toBe('PG_AUTOTUNE_HEARTBEAT_INTERVAL_S: must be at least 1');
    const file = configFile('# serve all\nlisten: 127.0.0.1\ndiscovery_port: 70000\n');
    expect(refusal(() => resolveServeConfig({ flags: {}, env: {}, configFile: file })).message).toBe(`${file}:3: discovery_port: must be a port 0..65535`);
  });

  it('refuses unknown keys in a file, each with its line', () => {
    const file = configFile('listen: 127.0.0.1\ndiscovery-port: 1\nstore: postgres://x@h/db\ntoken: abc\n');
    const err = refusal(() => resolveServeConfig({ flags: {}, env: {}, configFile: file }));
    expect(err.field).toBe(`${file}:2`);
    expect(err.message).toMatch(new RegExp(`^${file}:2: unknown key "discovery-port" \\(allowed: listen, discovery_port, `));
    expect(err.message).toMatch(new RegExp(`; ${file}:4: unknown key "token"$`));
  });

  it('reports invalid YAML and a file that is not a mapping at their line', () => {
    expect(refusal(() => parseServeConfigFile('listen: 127.0.0.1\nstore: [unclosed\n', 'f.yaml')).field).toMatch(/^f\.yaml:\d+$/);
    expect(refusal(() => parseServeConfigFile('\n- a\n- b\n', 'f.yaml')).message).toMatch(/^f\.yaml:2: expected a mapping of keys \(listen, /);
    expect(parseServeConfigFile('', 'empty.yaml').values).toEqual({});
  });

  it('names every bad key of a file in one error', () => {
    const file = configFile('environment_port: -1\ninsecure: yes-please\n');
    const err = refusal(() => resolveServeConfig({ flags: {}, env: {}, configFile: file }));
    expect(err.message).toBe(`${file}:1: environment_port: must be a port 0..65535; ${file}:2: insecure: must be true or false`);
  });

  it('refuses a password in a DSN of the config file, without echoing it', () => {
    const file = configFile('store: postgres://autotune:s3cret@db:5432/pg_autotune\n');
    const err = refusal(() => resolveServeConfig({ flags: {}, env: {}, configFile: file }));
    expect(err.message).toMatch(new RegExp(`^${file}:1: store: holds a password: keep it in PGPASSWORD or a passfile`));
    expect(err.message).not.toContain('s3cret');
  });

  it('needs name with target, and target for the collector keys', () => {
    expect(refusal(() => resolveServeConfig({ flags: { target: 'postgres://postgres@127.0.0.1/pgbench' }, env: {} })).field).toBe('--target');
    const file = configFile('name: db-1\n');
    expect(refusal(() => resolveServeConfig({ flags: {}, env: {}, configFile: file })).message).toMatch(new RegExp(`^${file}:1: name: only applies with target`));
    expect(refusal(() => resolveServeConfig({ flags: { target: 'postgres://p@h/d', name: 'Bad Name' }, env: {} })).message).toMatch(/^--name: "Bad Name" must match/);
  });

  it('refuses a heartbeat interval that is not shorter than the unavailable limit', () => {
    const target = { target: 'postgres://postgres@127.0.0.1/pgbench', name: 'db-1' };
    expect(refusal(() => resolveServeConfig({ flags: { ...target, heartbeatInterval: '90' }, env: {} })).message).toMatch(/^--heartbeat-interval: the heartbeat interval \(90 s\) must be shorter than unavailable_after_s \(90 s\)/);
    expect(refusal(() => resolveServeConfig({ flags: target, env: { PG_AUTOTUNE_UNAVAILABLE_AFTER_S: '10' } })).field).toBe('PG_AUTOTUNE_UNAVAILABLE_AFTER_S');
    expect(resolveServeConfig({ flags: { ...target, heartbeatInterval: '1' }, env: { PG_AUTOTUNE_UNAVAILABLE_AFTER_S: '3' } }).heartbeat_interval_s).toBe(1);
  });

  it('derives each key name by one rule', () => {
    expect([flagOf('heartbeat_interval_s'), envOf('heartbeat_interval_s')]).toEqual(['--heartbeat-interval', 'PG_AUTOTUNE_HEARTBEAT_INTERVAL_S']);
    expect([flagOf('tls_client_ca'), envOf('tls_client_ca')]).toEqual(['--tls-client-ca', 'PG_AUTOTUNE_TLS_CLIENT_CA']);
  });
});
