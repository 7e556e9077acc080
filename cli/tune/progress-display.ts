import { SingleBar } from 'cli-progress';
import type { TrainerProgress } from '../../services/trainer/trainer-worker';

/**
 * Shows a session's progress: a bar with iteration, current and best TPS and ETA on a
 * terminal; one plain line per event elsewhere (CI logs, pipes), where a bar would be noise.
 */
export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private best = 0;
  private baseline = 0;

  constructor(private readonly interactive = Boolean(process.stderr.isTTY)) {}

  update(p: TrainerProgress): void {
    if (p.tps && p.status === 'running' && p.iteration) this.best = Math.max(this.best, p.tps);
    if (p.tps && !p.iteration && this.baseline === 0 && p.status === 'running') this.baseline = p.tps;
    if (!this.interactive) {
      const where = p.iteration ? ` ${p.iteration}/${p.iterationsTotal}` : '';
      const tps = p.tps ? ` tps=${p.tps.toFixed(1)}` : '';
      const reward = p.reward !== undefined ? ` reward=${p.reward.toFixed(3)}` : '';
      process.stderr.write(`[${p.status}${where}]${tps}${reward} ${p.message}\n`);
      return;
    }
    if (p.status === 'running' && p.iteration) {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: 'tuning |{bar}| {value}/{total} | TPS {tps} | best {best} | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
        });
        this.bar.start(p.iterationsTotal, p.iteration - 1, { tps: '-', best: '-' });
      }
      this.bar.update(p.iteration, { tps: (p.tps ?? 0).toFixed(1), best: this.best.toFixed(1) });
      return;
    }
    this.stopBar();
    process.stderr.write(`${p.message}\n`);
  }

  stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
