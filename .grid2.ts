import { createAgent } from './model/create-agent';
import { SyntheticEnvironment } from './model/synthetic-environment';
import { runSyntheticTuning } from './model/run-synthetic-tuning';
// STATE=zero: constant state; STATE=noperf: drop the throughput metric
class Patched extends SyntheticEnvironment {
  private fix(s: Float32Array) { if (process.env.STATE === 'zero') s.fill(0); if (process.env.STATE === 'noperf') s[0] = 0; return s; }
  override reset() { return this.fix(super.reset()); }
  override step(a: Float32Array) { const o = super.step(a); o.state = this.fix(o.state); return o; }
}
(async () => {
  const lines = require('fs').readFileSync(process.argv[2], 'utf8').trim().split('\n');
  const noise = Number(process.argv[3] ?? 0);
  const seeds = Number(process.argv[4] ?? 8);
  for (const line of lines) {
    const [kind, json] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    const extra = JSON.parse(json);
    const t0 = Date.now();
    const bests: number[] = [];
    for (let seed = Number(process.env.SEED0 ?? 101); seed < Number(process.env.SEED0 ?? 101) + seeds; seed++) {
      const env = new Patched({ seed, noise, sharpness: Number(process.env.SHARP ?? 4) });
      const agent = await createAgent(kind as any, { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...extra });
      bests.push((await runSyntheticTuning(agent, env, 60)).bestScore);
      await agent.dispose();
    }
    const mean = bests.reduce((a, b) => a + b) / bests.length;
    console.log(process.env.STATE, kind, json, 'mean', mean.toFixed(3), 'min', Math.min(...bests).toFixed(2), bests.map((b) => b.toFixed(2)).join(' '), `${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
})();
