import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { parseInstanceFile } from '../../cli/remote/instance-file';

/** The error a file gets, or a failure when it is accepted. */
function refusal(text: string): InvalidArgumentError {
  try {
    parseInstanceFile(text, 'instance.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`accepted:\n${text}`);
}

describe('instance files (register --config)', () => {
  it('reads name and collector, comments and quoting as YAML has them', () => {
    const file = parseInstanceFile('# orders\nname: "orders-db"\ncollector: 10.0.0.12:7002  # its collector\n', 'instance.yaml');
    expect({ name: file.name, collector: file.collector }).toEqual({ name: 'orders-db', collector: '10.0.0.12:7002' });
  });

  it('names the line and the key of a value of the wrong type', () => {
    expect(refusal('name: db-1\n\ncollector: 7002\n').message).toBe(
      'instance.yaml:3: collector: must be a string host:port, e.g. collector: 127.0.0.1:7002',
    );
    expect(refusal('name: [db-1]\ncollector: 127.0.0.1:7002\n').message).toMatch(/^instance\.yaml:1: name: must be a string/);
  });

  it("checks the collector's address with the services' rule, at its line", () => {
    expect(refusal('name: db-1\ncollector: http://db:7002\n').message).toMatch(/^instance\.yaml:2: collector: the collector's address: "http:\/\/db:7002" is not host:port/);
    expect(refusal('name: db-1\ncollector: db:99999\n').message).toMatch(/^instance\.yaml:2: collector: .*port must be in 1\.\.65535/);
  });

  it('refuses unknown keys by name and line, saying which are allowed', () => {
    const err = refusal('name: db-1\ncollector: 127.0.0.1:7002\ncolector: x\n');
    expect(err.field).toBe('instance.yaml:3');
    expect(err.message).toBe('instance.yaml:3: unknown key "colector" (allowed: name, collector, target, data_dir, workload, knobs, limits, labels)');
  });

  it('reads a target and its data_dir, stored as PgTarget.describe() writes the DSN', () => {
    const file = parseInstanceFile('name: db-1\ntarget: postgresql://app@db-1:5433/orders?sslmode=require\ndata_dir: /srv/pg/15/main\n', 'instance.yaml');
    expect(file.collector).toBeUndefined();
    expect(file.target).toEqual({ target: 'postgres://app@db-1:5433/orders?sslmode=require', dataDir: '/srv/pg/15/main' });
  });

  it('refuses a target with a password at its line, in one line that names the field, says where the password goes and does not quote it', () => {
    for (const dsn of ['postgresql://app:s3cret-pw@db-1/orders', "'host=db-1 dbname=orders password=s3cret-pw'"]) {
      const err = refusal(`name: db-1\nlabels: {team: a}\ntarget: ${dsn}\n`);
      expect(err.field).toBe('instance.yaml:3');
      expect(err.message).toMatch(/^instance\.yaml:3: target: holds a password: .*passfile .*PGPASSFILE/);
      expect(err.message).not.toContain('s3cret-pw');
      expect(err.message).not.toContain('\n');
    }
  });

  it('wants exactly one of collector and target, and data_dir only with a target, absolute', () => {
    expect(refusal('name: db-1\ncollector: db:7002\ntarget: postgresql://app@db-1/orders\n').message).toMatch(/^instance\.yaml:3: target: give either collector .* or target .*, not both$/);
    expect(refusal('name: db-1\nlabels: {team: a}\n').message).toMatch(/^instance\.yaml:1: collector or target: one is required/);
    expect(refusal('name: db-1\ncollector: db:7002\ndata_dir: /srv/pg\n').message).toMatch(/^instance\.yaml:3: data_dir: only applies with target/);
    expect(refusal('name: db-1\ntarget: postgresql://app@db-1/orders\ndata_dir: srv/pg\n').message).toMatch(/^instance\.yaml:3: data_dir: must be an absolute path/);
    expect(refusal('name: db-1\ntarget: 5432\n').message).toMatch(/^instance\.yaml:2: target: must be a DSN string/);
  });

  it('reports a missing key at the mapping, and every problem in file order', () => {
    expect(refusal('name: db-1\n').message).toMatch(/^instance\.yaml:1: collector or target: one is required/);
    const parts = refusal('\n\nfoo: 1\nname: 2\n').message.split('; ');
    expect(parts).toHaveLength(3);
    expect(parts).toContain('instance.yaml:3: unknown key "foo" (allowed: name, collector, target, data_dir, workload, knobs, limits, labels)');
    expect(parts.some((p) => p.startsWith('instance.yaml:3: collector or target: one is required'))).toBe(true);
    expect(parts.at(-1)).toMatch(/^instance\.yaml:4: name: must be a string/);
  });

  it('refuses what is not a YAML mapping, naming the line and not quoting the file', () => {
    expect(refusal('').message).toBe('instance.yaml:1: expected a mapping of keys (name, collector, target, data_dir, workload, knobs, limits, labels)');
    expect(refusal('- name: db-1\n').message).toBe('instance.yaml:1: expected a mapping of keys (name, collector, target, data_dir, workload, knobs, limits, labels)');
    const bad = refusal('name: db-1\ncollector: [secret-host:7002\n');
    expect(bad.message).toMatch(/^instance\.yaml:\d+: not valid YAML: /);
    expect(bad.message).not.toContain('secret-host');
    expect(refusal('name: a\nname: b\ncollector: db:7002\n').message).toBe('instance.yaml:2: not valid YAML: Map keys must be unique');
  });

  it("points a field the service refused at the key's line", () => {
    const file = parseInstanceFile('collector: 127.0.0.1:7002\nname: Orders\n', 'instance.yaml');
    expect(file.problemAt('name', 'must match [a-z0-9][a-z0-9_-]*').message).toBe('instance.yaml:2: name: must match [a-z0-9][a-z0-9_-]*');
    expect(file.problemAt('collector_address', 'bad').message).toBe('instance.yaml:1: collector: bad');
  });

  describe('workload, knobs, limits and labels', () => {
    const ALL_KEYS = [
      'name: orders-db',
      'collector: 10.0.0.12:7002',
      'workload:',
      '  clients: 8',
      '  duration_s: 60',
      '  warmup_s: 0',
      '  scripts:',
      '    - builtin: select-only',
      '      weight: 3',
      '    - builtin: tpcb-like',
      'knobs: [shared_buffers, work_mem]',
      'limits:',
      '  max_clients: 16',
      '  max_duration_s: 120',
      '  max_iterations: 50',
      '  allow_restart: false',
      'labels:',
      '  team: payments',
      '  env: "prod"',
      '',
    ].join('\n');

    it('reads every key into the RegisterInstance fields (camelCase, the benchmark spec under workload)', () => {
      const file = parseInstanceFile(ALL_KEYS, 'instance.yaml');
      expect(file.settings).toEqual({
        workload: { benchmark: { clients: 8, durationS: 60, warmupS: 0, scripts: [{ builtin: 'select-only', weight: 3 }, { builtin: 'tpcb-like' }] } },
        knobs: ['shared_buffers', 'work_mem'],
        limits: { maxClients: 16, maxDurationS: 120, maxIterations: 50, allowRestart: false },
        labels: { team: 'payments', env: 'prod' },
      });
    });

    it('takes a preset name as the workload, and carries no settings when the file has none', () => {
      expect(parseInstanceFile('name: db-1\ncollector: db:7002\nworkload: mixed\n', 'i.yaml').settings).toEqual({ workload: { preset: 'mixed' } });
      expect(parseInstanceFile('name: db-1\ncollector: db:7002\n', 'i.yaml').settings).toEqual({});
      expect(refusal('name: db-1\ncollector: db:7002\n\nworkload: no-such-preset\n').message).toMatch(
        /^instance\.yaml:4: workload\.preset: "no-such-preset" is not a workload preset; allowed: .*mixed/,
      );
    });

    it('names the line and the key of a nested value out of its range', () => {
      const at = (from: string, to: string) => refusal(ALL_KEYS.replace(from, to)).message;
      expect(at('max_clients: 16', 'max_clients: 5000')).toMatch(/^instance\.yaml:13: limits\.max_clients: must be an integer in 0\.\.1000 \(0: no cap; an instance can only tighten the global limit\), got 5000$/);
      expect(at('max_iterations: 50', 'max_iterations: 2.5')).toMatch(/^instance\.yaml:15: limits\.max_iterations: must be an integer in 0\.\.1000/);
      expect(at('weight: 3', 'weight: 2000000')).toMatch(/^instance\.yaml:9: workload\.benchmark\.scripts\[0\]\.weight: /);
      expect(at('duration_s: 60', 'duration_s: 0')).toMatch(/^instance\.yaml:5: workload\.benchmark\.duration_s: must be an integer in 1\.\.86400/);
      expect(at('knobs: [shared_buffers, work_mem]', 'knobs:\n  - shared_buffers\n  - Work-Mem')).toMatch(/^instance\.yaml:13: knobs\[1\]: "Work-Mem" is not a knob name/);
      expect(at('allow_restart: false', 'allow_restart: "no"')).toBe('instance.yaml:16: limits.allow_restart: must be true or false');
      expect(at('max_duration_s: 120', 'max_duration_s: "2m"')).toBe('instance.yaml:14: limits.max_duration_s: must be a number (0: no cap)');
    });

    it("refuses a workload beyond the instance's own limits, at the workload's key", () => {
      expect(refusal(ALL_KEYS.replace('max_clients: 16', 'max_clients: 4')).message).toBe(
        "instance.yaml:4: workload.benchmark.clients: 8 is beyond the instance's own limit max_clients 4",
      );
    });

    it('checks label keys and values by their rules, at the labels key', () => {
      expect(refusal(ALL_KEYS.replace('team: payments', 'Team Name: payments')).message).toMatch(/^instance\.yaml:17: labels: key "Team Name" must be 1\.\.63 characters of a-z, 0-9/);
      expect(refusal(ALL_KEYS.replace('team: payments', 'tier: 1')).message).toBe('instance.yaml:18: labels.tier: label values must be strings (quote numbers and booleans)');
      const many = Array.from({ length: 33 }, (_, i) => `  k${i}: v`).join('\n');
      expect(refusal(`name: db-1\ncollector: db:7002\nlabels:\n${many}\n`).message).toBe('instance.yaml:3: labels: at most 32 labels, got 33');
    });

    it('refuses unknown keys inside limits and workload by their path and line', () => {
      const err = refusal(ALL_KEYS.replace('max_iterations: 50', 'max_iteration: 50').replace('warmup_s: 0', 'warmup: 0').replace('      weight: 3', '      wieght: 3'));
      const parts = err.message.split('; ');
      expect(parts[0]).toBe('instance.yaml:6: unknown key "workload.warmup" (allowed: scripts, clients, threads, duration_s, warmup_s, protocol, progress_interval_s, checkpoint, data_reset, data_reset_every, tps_estimator)');
      expect(parts).toContain('instance.yaml:9: unknown key "workload.scripts[0].wieght" (allowed: builtin, file, weight)');
      expect(parts).toContain('instance.yaml:15: unknown key "limits.max_iteration" (allowed: max_clients, max_duration_s, max_iterations, allow_restart)');
    });

    it("points a settings field the service refused at its line", () => {
      const file = parseInstanceFile(ALL_KEYS, 'instance.yaml');
      expect(file.problemAt('limits.max_duration_s', 'bad').message).toBe('instance.yaml:14: limits.max_duration_s: bad');
      expect(file.problemAt('workload.benchmark.scripts[1].builtin', 'bad').message).toBe('instance.yaml:10: workload.benchmark.scripts[1].builtin: bad');
      expect(file.problemAt('labels', 'bad').message).toBe('instance.yaml:17: labels: bad');
    });
  });
});
