import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenRequest } from '../../proto/generated/autotune/v1/OpenRequest';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { actionToKnobs } from '../../knobs/action-mapping';
import { startEnvironment } from '../../services/environment/start-environment';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const DEFAULT_KNOBS = [
  'work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'wal_writer_delay', 'checkpoint_timeout',
];

describe('Environment service over gRPC, with a real collector and sandbox', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let environment: Awaited<ReturnType<typeof startEnvironment>>;
  let collectorClient: CollectorClient;
  let client: EnvironmentClient;
  let request: OpenRequest;

  const liveValues = async (names: string[]) =>
    Object.fromEntries((await collectorClient.getKnobs(names)).knobs.map((k) => [k.name, k.value]));

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: pgCtlControl(sandbox.pgCtl), dataDir: sandbox.dataDir, port: 0 });
    environment = await startEnvironment({ port: 0 });
    collectorClient = new CollectorClient(collector.address);
    client = new EnvironmentClient(environment.address);
    request = {
      collectorAddress: collector.address,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
    };
  });

  afterAll(async () => {
    client?.closeClient();
    collectorClient?.close();
    await environment?.stop();
    await collector?.stop();
    await sandbox?.stop();
  });

  it('answers the standard health check as SERVING', async () => {
    expect(await checkHealth(environment.address, 'autotune.v1.Environment')).toBe('SERVING');
  });

  it('opens, measures a baseline, steps, measures and closes, restoring the original config', async () => {
    const original = await liveValues(DEFAULT_KNOBS);
    const opened = await client.open(request);
    expect(opened.envId).toMatch(/^[0-9a-f-]{36}$/);
    // The server's facts, as the collector reports them, for the rules agent.
    expect(opened.server).toEqual(await collectorClient.getServerInfo());
    expect(opened.server).toMatchObject({ hostMemoryBytes: expect.any(Number), hostCpus: expect.any(Number), maxConnections: expect.any(Number) });
    expect(opened.server!.serverVersionNum).toBeGreaterThanOrEqual(100_000);

    // The default set, in catalog order, with sane ranges and the values in effect as baselines.
    const space = opened.actionSpace;
    expect(space.map((d) => d.name)).toEqual(DEFAULT_KNOBS);
    for (const dim of space) {
      expect(dim.min).toBeLessThan(dim.max);
      expect(dim.baseline).toBe(original[dim.name]);
    }
    expect(space.find((d) => d.name === 'work_mem')).toMatchObject({ scale: 'log', unit: 'kB', integer: true, min: 64 });
    expect(space.find((d) => d.name === 'checkpoint_completion_target')).toMatchObject({ scale: 'linear', integer: false, min: 0.5, max: 0.95 });
    expect(space.find((d) => d.name === 'checkpoint_timeout')).toMatchObject({ scale: 'log', unit: 's', min: 30, max: 3600 });

    // Named, sorted state: rates, derived ratios and one knob position per knob.
    const names = opened.stateNames;
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['database.xact_commit', 'derived.buffer_hit_ratio', ...DEFAULT_KNOBS.map((k) => `knob.${k}`)]));

    const baseline = await client.reset(opened.envId);
    expect(baseline.state).toHaveLength(names.length);
    expect(baseline.benchmark!.tps).toBeGreaterThan(0);
    expect(baseline.knobs.map((k) => k.name)).toEqual(DEFAULT_KNOBS);
    expect(baseline.state[names.indexOf('database.xact_commit')]).toBeGreaterThan(0);

    const zeros = new Array(space.length).fill(0) as number[];
    const step = await client.step(opened.envId, zeros);
    expect(step.failed).toBe(false);
    expect(Number.isFinite(step.reward)).toBe(true);
    expect(step.outcome.state).toHaveLength(names.length);
    expect(step.outcome.state.every(Number.isFinite)).toBe(true);
    expect(step.outcome.benchmark!.tps).toBeGreaterThan(0);
    // The action's knob values are what the server now runs (read through the collector).
    const expected = Object.fromEntries(actionToKnobs(zeros, space).map((k) => [k.name, k.value]));
    const live = await liveValues(DEFAULT_KNOBS);
    expect(live).toEqual(Object.fromEntries(step.outcome.knobs.map((k) => [k.name, k.value])));
    expect(live.work_mem).toBe(expected.work_mem);
    expect(live.checkpoint_timeout).toBe(expected.checkpoint_timeout);
    expect(live.work_mem).not.toBe(original.work_mem);
    // At action 0 every knob sits mid-range in the state.
    for (const name of DEFAULT_KNOBS) expect(step.outcome.state[names.indexOf(`knob.${name}`)]).toBeCloseTo(0, 2);

    // A wrong action is the caller's mistake, named; the server is left as it is.
    await expect(client.step(opened.envId, [0, 0])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/action: has 2 values, the knob space has 6/),
    });
    await expect(client.step(opened.envId, [0, 0, Number.NaN, 0, 0, 0])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/action\[2\]/),
    });

    const measured = await client.measure(opened.envId, [{ name: 'work_mem', value: '8192' }]);
    expect(measured.error).toBe('');
    expect(measured.benchmark!.tps).toBeGreaterThan(0);
    expect(measured.knobs.find((k) => k.name === 'work_mem')!.value).toBe('8192');

    const inEffect = await client.close(opened.envId);
    expect(inEffect.find((k) => k.name === 'work_mem')!.value).toBe(original.work_mem);
    expect(await liveValues(DEFAULT_KNOBS)).toEqual(original);
    await expect(client.reset(opened.envId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps environments apart by id and answers NOT_FOUND for an unknown one', async () => {
    const a = await client.open({ ...request, knobs: ['work_mem'] });
    const b = await client.open({ ...request, knobs: ['checkpoint_completion_target', 'random_page_cost'] });
    expect(a.envId).not.toBe(b.envId);
    expect(a.actionSpace.map((d) => d.name)).toEqual(['work_mem']);
    expect(b.actionSpace.map((d) => d.name)).toEqual(['checkpoint_completion_target', 'random_page_cost']);
    expect(environment.service.openCount).toBe(2);
    await expect(client.step('00000000-0000-0000-0000-000000000000', [0])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await client.close(a.envId, true);
    await client.close(b.envId, true);
    expect(environment.service.openCount).toBe(0);
  });

  it('refuses restart knobs without allow_restart, naming the knob and the way out', async () => {
    await expect(client.open({ ...request, knobs: ['work_mem', 'shared_buffers'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/knobs\[1\]: shared_buffers takes effect only after a server restart.*allow_restart.*--knobs/),
    });
    await expect(client.open({ ...request, knobs: ['fsync'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/fsync/) });
    await expect(client.open({ ...request, benchmark: { durationS: 0 } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/benchmark.duration_s/),
    });
    expect(environment.service.openCount).toBe(0);
  });

  it('starts from start_knobs: baselines and the baseline run on them, Close restores the original, tuned or not', async () => {
    const names = ['work_mem', 'checkpoint_timeout', 'max_wal_size', 'max_parallel_workers_per_gather'];
    const original = await liveValues(names);
    const start = [
      { name: 'work_mem', value: '64' },
      { name: 'checkpoint_timeout', value: '30' },
      { name: 'max_wal_size', value: '256' },
      { name: 'max_parallel_workers_per_gather', value: '0' },
    ];
    expect(original).not.toEqual(Object.fromEntries(start.map((k) => [k.name, k.value])));
    const opened = await client.open({ ...request, knobs: ['work_mem', 'checkpoint_timeout'], startKnobs: start });
    // The tuned knobs' baselines are the start values; the untuned start knobs are in effect too.
    expect(opened.actionSpace.map((d) => [d.name, d.baseline])).toEqual([
      ['work_mem', '64'],
      ['checkpoint_timeout', '30'],
    ]);
    expect(await liveValues(names)).toEqual(Object.fromEntries(start.map((k) => [k.name, k.value])));
    const baseline = await client.reset(opened.envId);
    expect(baseline.benchmark!.tps).toBeGreaterThan(0);
    expect(baseline.knobs).toEqual([start[0], start[1]]);
    await client.close(opened.envId);
    expect(await liveValues(names)).toEqual(original);
  });

  it('refuses start_knobs outside the safe range or without their opt-in, and leaves the server as it was', async () => {
    const names = ['work_mem', 'checkpoint_timeout', 'shared_buffers'];
    const original = await liveValues(names);
    await expect(
      client.open({ ...request, startKnobs: [{ name: 'work_mem', value: '64' }, { name: 'checkpoint_timeout', value: '5' }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^start_knobs\.checkpoint_timeout: 5 s is outside the safe range 30 s \.\. 3600 s/),
    });
    await expect(client.open({ ...request, startKnobs: [{ name: 'shared_buffers', value: '32768' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^start_knobs\[0\]: shared_buffers takes effect only after a server restart: set allow_restart/),
    });
    await expect(client.open({ ...request, startKnobs: [{ name: 'full_page_writes', value: 'off' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^start_knobs\[0\]: full_page_writes=off/),
    });
    expect(await liveValues(names)).toEqual(original);
    expect(environment.service.openCount).toBe(0);
  });

  it('says UNAVAILABLE, with the address, when no collector answers', async () => {
    const address = `127.0.0.1:${await findFreePort()}`;
    await expect(client.open({ ...request, collectorAddress: address })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(address),
    });
  });
});
