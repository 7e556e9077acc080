import type { CliRun } from './run-cli';
import { until } from './service-process';

/** What `serve all` logs once every service answers: each service's address, and how it is reached. */
export interface ServeAllServing {
  discovery: string;
  environment: string;
  recommendation: string;
  /** The collector of the process's own target; absent without one. */
  collector?: string;
  token: 'required' | 'none';
  tls: boolean;
}

/** Waits (up to 120 s) for the "all services serving" line of a `serve all` run and returns it; a timeout shows its last output. */
export async function serveAllServing(run: CliRun): Promise<ServeAllServing> {
  const serving = () => run.stderrSoFar().split('\n').find((l) => l.includes('"msg":"all services serving"'));
  await until('serve all to say it serves', () => serving() !== undefined, 120_000, () => run.stderrSoFar().slice(-3000));
  return JSON.parse(serving()!) as ServeAllServing;
}
