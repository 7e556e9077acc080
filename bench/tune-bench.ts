/**
 * A real tuning run per agent against the local sandbox, one after the other, printing what
 * each verified: `npm run bench:tune [-- --iterations N --duration S --verify R --agents a,b]`.
 * Numbers come from the tool's own JSON reports; nothing here is estimated.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '10' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    verify: { type: 'string', default: '3' },
    agents: { type: 'string', default: 'ddpg,ddpg++,random' },
    workload: { type: 'string', default: 'tpcb-like' },
  },
});

interface Ratio {
  median: number;
  low: number;
  high: number;
}

const cli = path.join(__dirname, '..', 'cli', 'main.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'pgat-bench-'));
const rows: string[][] = [];
for (const agent of values.agents!.split(',')) {
  const json = path.join(dir, `${agent}.json`);
  const args = ['tune', '--agent', agent, '--iterations', values.iterations!, '--duration', values.duration!, '--warmup', values.warmup!];
  args.push('--verify', values.verify!, '--workload', values.workload!, '--json', json);
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (run.status !== 0) {
    rows.push([agent, 'failed', '', '', '', minutes]);
    continue;
  }
  const doc = JSON.parse(readFileSync(json, 'utf8'));
  const v = doc.verification as { tpsRatio: Ratio; p95Ratio: Ratio; significant: boolean; chosen: string | null } | null;
  const fmt = (r: Ratio) => `${r.median.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}]`;
  rows.push([agent, `${doc.baseline?.tps?.toFixed(0) ?? '-'}`, v ? fmt(v.tpsRatio) : '-', v ? fmt(v.p95Ratio) : '-', v ? `${v.chosen ?? 'none'}${v.significant ? ' (significant)' : ''}` : '-', minutes]);
}
const header = ['agent', 'baseline tps', 'tps ratio [95% CI]', 'p95 ratio [95% CI]', 'recommended', 'minutes'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`sandbox, ${values.workload}, ${values.iterations} steps of ${values.duration} s (+${values.warmup} s warm-up), ${values.verify} verification rounds`);
console.log(line(header));
for (const r of rows) console.log(line(r));
