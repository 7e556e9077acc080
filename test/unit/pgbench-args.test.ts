import { describe, expect, it } from 'vitest';
import type { ResolvedBenchmarkSpec } from '../../lib/session/benchmark-spec';
import { pgbenchBenchmarkArgs } from '../../services/collector/pgbench/pgbench-args';

const spec: ResolvedBenchmarkSpec = {
  scripts: [
    { builtin: 'select-only', weight: 3 },
    { file: '/scripts/my script; rm -rf @home.sql', weight: 1 },
  ],
  clients: 8,
  threads: 2,
  durationS: 30,
  warmupS: 5,
  protocol: 'extended',
  progressIntervalS: 1,
  checkpoint: 'on',
  dataReset: 'off',
  dataResetEvery: 1,
  tpsEstimator: 'median',
};

describe('pgbenchBenchmarkArgs', () => {
  it('builds the measured run: scripts with weights, progress and a per-transaction log', () => {
    expect(pgbenchBenchmarkArgs(spec, { durationS: 30, progressIntervalS: 1, logPrefix: '/tmp/x/pgbench_log' })).toEqual([
      '--client', '8',
      '--jobs', '2',
      '--time', '30',
      '--protocol', 'extended',
      '--builtin', 'select-only@3',
      '--file', '/scripts/my script; rm -rf @home.sql@1',
      '--progress', '1',
      '--log', '--log-prefix', '/tmp/x/pgbench_log',
    ]);
  });

  it('builds the warm-up run without progress or log', () => {
    expect(pgbenchBenchmarkArgs(spec, { durationS: 5 })).toEqual([
      '--client', '8', '--jobs', '2', '--time', '5', '--protocol', 'extended',
      '--builtin', 'select-only@3', '--file', '/scripts/my script; rm -rf @home.sql@1',
    ]);
  });

  it('never carries connection settings: they travel in the environment', () => {
    const args = pgbenchBenchmarkArgs(spec, { durationS: 1 }).join(' ');
    expect(args).not.toMatch(/--host|--port|--username|-h |-p |-U |password|postgres:\/\//);
  });
});
