import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { findWorkloadPreset } from '../../lib/session/workload-presets';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startCollector } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { runCli } from '../helpers/run-cli';
import { runCliInProcess as cli } from '../helpers/run-cli-in-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('instance_settings');

const LIMITS = { maxClients: 8, maxDurationS: 60, maxIterations: 10, allowRestart: false };

describe('instances registered with workload, knobs, limits and labels (Discovery, Recommendation, CLI, a real store and collector)', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let store: MetadataStore;
  let discovery: Awaited<ReturnType<typeof startDiscovery>>;
  let api: Awaited<ReturnType<typeof startRecommendation>>;
  let registry: DiscoveryClient;
  let sessions: RecommendationClient;
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-instance-settings-'));

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(dir, 'collector-state'), port: 0 });
    store = await openTestStore(schema);
    discovery = await startDiscovery({ store, port: 0 });
    api = await startRecommendation({ store, port: 0 });
    registry = new DiscoveryClient(discovery.address);
    sessions = new RecommendationClient(api.address);
  }, 120_000);

  afterAll(async () => {
    registry?.close();
    sessions?.close();
    await api?.stop();
    await discovery?.stop();
    await collector?.stop();
    await store?.close();
    await dropTestSchemas(schema);
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Discovery', () => {
    it('stores and returns the settings (Get, List, the store), and a re-register without any keeps them', async () => {
      const registered = await registry.registerInstance('labelled-db', collector.address, {
        workload: { benchmark: { clients: 2, durationS: 5, scripts: [{ builtin: 'select-only', weight: 2 }] } },
        knobs: ['shared_buffers', 'work_mem'],
        limits: LIMITS,
        labels: { team: 'payments', env: 'prod' },
      });
      expect(registered.workload?.benchmark).toMatchObject({ clients: 2, durationS: 5, protocol: 'prepared', scripts: [{ builtin: 'select-only', file: '', weight: 2 }] });
      expect(registered).toMatchObject({ knobs: ['shared_buffers', 'work_mem'], limits: LIMITS, labels: { team: 'payments', env: 'prod' } });
      expect(await registry.getInstance('labelled-db')).toEqual(registered);
      expect((await registry.listInstances()).find((i) => i.name === 'labelled-db')).toEqual(registered);
      expect((await store.instances.get('labelled-db')).settings.labels).toEqual({ team: 'payments', env: 'prod' });

      // What `serve collector --register` sends when it restarts: name and address only.
      const again = await registry.registerInstance('labelled-db', collector.address);
      expect({ workload: again.workload, knobs: again.knobs, limits: again.limits, labels: again.labels }).toEqual({
        workload: registered.workload,
        knobs: registered.knobs,
        limits: registered.limits,
        labels: registered.labels,
      });

      // A file with only labels says everything: the rest is gone.
      const relabelled = await registry.registerInstance('labelled-db', collector.address, { labels: { team: 'search' } });
      expect(relabelled).toMatchObject({ workload: null, knobs: [], labels: { team: 'search' }, limits: { maxClients: 0, maxDurationS: 0, maxIterations: 0 } });
      expect(relabelled.limits?.allowRestart).toBeUndefined();
    });

    it('refuses bad settings with INVALID_ARGUMENT naming the field, storing nothing', async () => {
      const cases: Array<[Parameters<DiscoveryClient['registerInstance']>[2], string, RegExp]> = [
        [{ limits: { maxClients: 1001 } }, 'limits.max_clients', /0\.\.1000 \(0: no cap; an instance can only tighten the global limit\), got 1001/],
        [{ limits: { maxIterations: 1001 } }, 'limits.max_iterations', /got 1001/],
        [{ limits: { maxDurationS: 86_401 } }, 'limits.max_duration_s', /0\.\.86400/],
        [{ workload: { preset: 'nope' } }, 'workload.preset', /"nope" is not a workload preset/],
        [{ workload: { benchmark: { durationS: 0 } } }, 'workload.benchmark.duration_s', /1\.\.86400/],
        [{ workload: { benchmark: { durationS: 90 } }, limits: { maxDurationS: 60 } }, 'workload.benchmark.duration_s', /beyond the instance's own limit max_duration_s 60/],
        [{ knobs: ['work_mem', 'work_mem'] }, 'knobs[1]', /listed twice/],
        [{ labels: { 'Team Name': 'x' } }, 'labels', /key "Team Name" must be/],
        [{ labels: { team: 'a\nb' } }, 'labels', /the value of team must be 1\.\.256 printable characters/],
      ];
      for (const [settings, field, message] of cases) {
        const err = await registry.registerInstance('refused-db', collector.address, settings).catch((e: unknown) => e);
        expect(err, field).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).field, field).toBe(field);
        expect((err as Error).message, field).toMatch(message);
      }
      await expect(store.instances.get('refused-db')).rejects.toThrow(/no instance/);
    });
  });

  describe('CreateSession on such an instance', () => {
    async function instanceWith(settings: Parameters<DiscoveryClient['registerInstance']>[2]): Promise<string> {
      const name = `db-${randomBytes(3).toString('hex')}`;
      await registry.registerInstance(name, collector.address, settings);
      return name;
    }

    it("takes the instance's benchmark and knobs when the session names none, and the session's own when it does", async () => {
      const name = await instanceWith({ workload: { benchmark: { clients: 3, durationS: 7 } }, knobs: ['work_mem'] });
      const inherited = await sessions.createSession(name);
      expect(inherited.options?.benchmark).toMatchObject({ clients: 3, durationS: 7, warmupS: 0 });
      expect(inherited.options?.knobs).toEqual(['work_mem']);
      await sessions.cancelSession(inherited.id);

      const own = await sessions.createSession(name, { benchmark: { clients: 5, durationS: 9 }, knobs: ['shared_buffers'] });
      expect(own.options?.benchmark).toMatchObject({ clients: 5, durationS: 9 });
      expect(own.options?.knobs).toEqual(['shared_buffers']);
      await sessions.cancelSession(own.id);
    });

    it("runs a preset's scripts and clients with the session benchmark's duration", async () => {
      const name = await instanceWith({ workload: { preset: 'mixed' } });
      const preset = findWorkloadPreset('mixed');
      const session = await sessions.createSession(name);
      expect(session.options?.benchmark).toMatchObject({ clients: preset.clients, durationS: DEFAULT_SESSION_BENCHMARK.durationS, warmupS: DEFAULT_SESSION_BENCHMARK.warmupS });
      expect(session.options?.benchmark?.scripts.map((s) => s.weight)).toEqual(preset.scripts.map((s) => s.weight));
      await sessions.cancelSession(session.id);
    });

    it('refuses an option beyond an instance limit with FAILED_PRECONDITION naming the option and the limit, and caps an unset iterations', async () => {
      const name = await instanceWith({ workload: { benchmark: { clients: 4, durationS: 30 } }, limits: LIMITS });
      const cases: Array<[Parameters<RecommendationClient['createSession']>[1], RegExp]> = [
        [{ benchmark: { clients: 9, durationS: 30 } }, /^benchmark\.clients 9 is beyond instance "db-[0-9a-f]+"'s limit limits\.max_clients 8/],
        [{ benchmark: { clients: 2, durationS: 61 } }, /^benchmark\.duration_s 61 is beyond .*limits\.max_duration_s 60/],
        [{ iterations: 11 }, /^iterations 11 is beyond .*limits\.max_iterations 10/],
        [{ allowRestart: true }, /^allow_restart true .* is beyond .*limits\.allow_restart false/],
        [{ knobs: ['extended'] }, /^allow_restart true \(asked for, or implied by the extended knob set\)/],
      ];
      for (const [options, message] of cases) {
        const err = await sessions.createSession(name, options).catch((e: unknown) => e);
        expect(err, message.source).toBeInstanceOf(FailedPreconditionError);
        expect((err as Error).message, message.source).toMatch(message);
      }
      expect(await store.sessions.list((await store.instances.get(name)).id)).toEqual([]);

      // Within the limits: accepted; no iterations given: the default (20) capped at 10.
      const within = await sessions.createSession(name, { benchmark: { clients: 8, durationS: 60 }, iterations: 10 });
      expect(within.options).toMatchObject({ iterations: 10, allowRestart: false, benchmark: { clients: 8, durationS: 60 } });
      await sessions.cancelSession(within.id);
      const capped = await sessions.createSession(name);
      expect(capped.options?.iterations).toBe(10);
      await sessions.cancelSession(capped.id);
      // Invalid on any instance stays INVALID_ARGUMENT.
      await expect(sessions.createSession(name, { iterations: 5000 })).rejects.toThrow(InvalidArgumentError);
    });
  });

  describe('the CLI', () => {
    it('registers a file with every key (the pg-autotune binary) and shows them: labels in the table, everything in --json', async () => {
      const file = path.join(dir, 'orders.yaml');
      writeFileSync(
        file,
        [
          'name: orders-db',
          `collector: ${collector.address}`,
          'workload:',
          '  clients: 2',
          '  duration_s: 10',
          '  scripts:',
          '    - builtin: select-only',
          'knobs: [work_mem]',
          'limits:',
          '  max_clients: 4',
          '  max_iterations: 30',
          '  allow_restart: false',
          'labels:',
          '  team: payments',
          '  env: prod',
          '',
        ].join('\n'),
      );
      const registered = await runCli(['register', '--config', file, '--discovery', discovery.address]).done;
      expect(registered.code, registered.stderr).toBe(0);

      const listed = await runCli(['instances', '--json', '--discovery', discovery.address]).done;
      expect(listed.code, listed.stderr).toBe(0);
      const orders = (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).find((i) => i.name === 'orders-db');
      expect(orders).toMatchObject({
        workload: { benchmark: { clients: 2, durationS: 10, scripts: [{ builtin: 'select-only', weight: 1 }] } },
        knobs: ['work_mem'],
        limits: { maxClients: 4, maxDurationS: 0, maxIterations: 30, allowRestart: false },
        labels: { team: 'payments', env: 'prod' },
      });

      const table = await cli(['instances', '--discovery', discovery.address]);
      expect(table.stdout.split('\n')[0]).toMatch(/\s+LABELS$/);
      expect(table.stdout).toMatch(/^orders-db\s+alive\s.*\senv=prod,team=payments$/m);
    });

    it("starts a session that takes the instance's workload and knobs when no flag names them, and refuses one beyond a limit (exit 4)", async () => {
      const started = await cli(['sessions', 'start', 'orders-db', '--api', api.address]);
      expect(started.code, started.stderr).toBe(0);
      const session = await sessions.getSession(started.stdout.trim());
      expect(session.options).toMatchObject({ iterations: 20, knobs: ['work_mem'], benchmark: { clients: 2, durationS: 10, scripts: [{ builtin: 'select-only' }] } });
      await sessions.cancelSession(session.id);

      const own = await cli(['sessions', 'start', 'orders-db', '--duration', '5', '--knobs', 'shared_buffers', '--api', api.address]);
      expect(own.code, own.stderr).toBe(0);
      const ownSession = await sessions.getSession(own.stdout.trim());
      expect(ownSession.options).toMatchObject({ knobs: ['shared_buffers'], benchmark: { clients: DEFAULT_SESSION_BENCHMARK.clients, durationS: 5, scripts: [{ builtin: 'tpcb-like' }] } });
      await sessions.cancelSession(ownSession.id);

      const beyond = await cli(['sessions', 'start', 'orders-db', '--clients', '5', '--api', api.address]);
      expect(beyond.code).toBe(4);
      expect(beyond.stderr.trim()).toMatch(/^pg-autotune: failed precondition: .*benchmark\.clients 5 is beyond instance "orders-db"'s limit limits\.max_clients 4/);
    });

    it("refuses a setting at the file's line, with the library's rule, registering nothing", async () => {
      const file = path.join(dir, 'limits.yaml');
      writeFileSync(file, `name: limits-db\ncollector: ${collector.address}\nlimits:\n  max_clients: 2\nworkload:\n  clients: 3\n  duration_s: 5\n`);
      const refused = await cli(['register', '--config', file, '--discovery', discovery.address]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`pg-autotune: invalid argument: ${file}:6: workload.benchmark.clients: 3 is beyond the instance's own limit max_clients 2`);
      await expect(store.instances.get('limits-db')).rejects.toThrow(/no instance/);
    });
  });
});
