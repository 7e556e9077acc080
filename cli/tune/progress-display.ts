import { SingleBar } from 'cli-progress';
import type { ProgressEvent__Output as ProgressEvent } from '../../proto/generated/autotune/v1/ProgressEvent';

/** The event of a stored tuning step: the one kind the bar follows. */
const STEP = 'step';

/**
 * Shows a session's progress as WatchSession reports it: on a terminal, a bar with the step,
 * its TPS, the best TPS so far and an ETA while the steps run, and one line for everything
 * else (status changes, baseline, verification runs); elsewhere (CI logs, pipes), where a bar
 * would be noise, one plain line per event.
 */
export class ProgressDisplay {
  private bar: SingleBar | undefined;

  constructor(
    private readonly interactive = Boolean(process.stderr.isTTY),
    private readonly write: (text: string) => void = (text) => void process.stderr.write(text),
  ) {}

  show(event: ProgressEvent): void {
    const step = event.runKind === STEP;
    const best = event.bestTps > 0 ? event.bestTps.toFixed(1) : '-';
    if (!this.interactive) {
      this.write(`[${event.status}] ${event.message}${step ? `; best ${best} TPS` : ''}\n`);
      return;
    }
    if (step) {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: 'tuning |{bar}| {value}/{total} | TPS {tps} | best {best} | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
        });
        this.bar.start(event.iterationsTotal, event.iteration - 1, { tps: '-', best: '-' });
      }
      this.bar.update(event.iteration, { tps: event.tps.toFixed(1), best });
      return;
    }
    this.stopBar();
    this.write(`${event.message}\n`);
  }

  stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
