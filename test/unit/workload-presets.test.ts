import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionOptionsFromCli } from '../../cli/tune/session-options-from-cli';
import { findWorkloadPreset, loadWorkloadPresets, parseWorkloadPresets, workloadsDir } from '../../lib/session/workload-presets';

const doc = (presets: unknown[]) => JSON.stringify({ format: 'pg-autotune-workloads/v1', presets });
const good = { name: 'x', description: 'd', scripts: [{ builtin: 'tpcb-like', weight: 1 }], clients: 2, scale: 1 };

describe('workload presets (workloads/workloads.json)', () => {
  it('ships the four documented workloads, script files absolute and present', () => {
    const presets = loadWorkloadPresets();
    expect(presets.map((p) => p.name)).toEqual(['tpcb-like', 'read-only-large', 'analytic-spill', 'mixed']);
    for (const script of presets.flatMap((p) => p.scripts)) {
      if (script.file) expect(path.isAbsolute(script.file) && existsSync(script.file)).toBe(true);
    }
    expect(findWorkloadPreset('mixed').scripts).toEqual([
      { builtin: 'tpcb-like', weight: 6 },
      { file: path.join(workloadsDir(), 'read-mostly.sql'), weight: 3 },
      { file: path.join(workloadsDir(), 'analytic-spill.sql'), weight: 1 },
    ]);
    expect(findWorkloadPreset('read-only-large')).toMatchObject({ scripts: [{ builtin: 'select-only', weight: 1 }], scale: 30 });
  });

  it('refuses a malformed document, naming the field', () => {
    expect(() => parseWorkloadPresets('{', '/w')).toThrow(/^workloads\.json: is not JSON/);
    expect(() => parseWorkloadPresets(doc([{ ...good, scripts: [{ builtin: 'tpcb-like', weight: 0 }] }]), '/w')).toThrow(/^workloads\.json\.presets\[0\]\.scripts\[0\]/);
    expect(() => parseWorkloadPresets(doc([{ ...good, scripts: [{ file: '../etc/x.sql', weight: 1 }] }]), '/w')).toThrow(/^workloads\.json\.presets\[0\]\.scripts\[0\]/);
    expect(() => parseWorkloadPresets(doc([{ ...good, clients: 0 }]), '/w')).toThrow(/^workloads\.json\.presets\[0\]\.clients: must be an integer in 1\.\.1000/);
    expect(() => parseWorkloadPresets(doc([{ ...good, extra: 1 }]), '/w')).toThrow(/^workloads\.json\.presets\[0\]/);
    expect(() => parseWorkloadPresets(doc([good, good]), '/w')).toThrow(/^workloads\.json\.presets\[1\]\.name: "x" is defined twice/);
    expect(parseWorkloadPresets(doc([{ ...good, scripts: [{ file: 'a.sql', weight: 2 }] }]), '/w')[0]!.scripts).toEqual([{ file: '/w/a.sql', weight: 2 }]);
  });

  it('names the presets there are when asked for another', () => {
    expect(() => findWorkloadPreset('tpcc', '--preset')).toThrow(/^--preset: "tpcc" is not a workload preset; allowed: tpcb-like, read-only-large, analytic-spill, mixed$/);
  });
});

describe('tune --preset', () => {
  it('takes the preset scripts and clients; --clients overrides; --workload with it is refused', () => {
    const options = sessionOptionsFromCli({ preset: 'analytic-spill' });
    expect(options.benchmark).toMatchObject({ scripts: [{ file: path.join(workloadsDir(), 'analytic-spill.sql'), weight: 1 }], clients: 2 });
    expect(sessionOptionsFromCli({ preset: 'analytic-spill', clients: 5 }).benchmark!.clients).toBe(5);
    expect(() => sessionOptionsFromCli({ preset: 'mixed', workload: ['tpcb-like'] })).toThrow(/^--preset: give either --preset or --workload, not both/);
  });
});
