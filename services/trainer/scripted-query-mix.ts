import type { GetQueryMixRequest__Output as GetQueryMixRequest } from '../../proto/generated/autotune/v1/GetQueryMixRequest';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import { QueryMixReadings } from '../../lib/metrics/query-mix-readings';

/** The statements of one synthetic benchmark run, and their calls: what pgbench adds to pg_stat_statements. */
const BENCHMARK_STATEMENTS: Readonly<Record<string, number>> = { '9100000000000000001': 4000, '9100000000000000002': 4000 };

/**
 * The pg_stat_statements of a synthetic server (synthetic-tuning-environment.ts), for tests and
 * demos: the user's traffic as scripted (`traffic` calls per statement between two readings,
 * changed with `setTraffic`), and every benchmark run's own statements on top, as pgbench adds
 * them. Readings are differenced exactly as a collector's are (query-mix-readings.ts).
 */
export class ScriptedQueryMix {
  private readonly counters = new Map<string, { calls: number; execMs: number }>();
  private readonly readings = new QueryMixReadings();

  constructor(private traffic: Readonly<Record<string, number>>) {}

  /** The user's workload from the next reading on. */
  setTraffic(traffic: Readonly<Record<string, number>>): void {
    this.traffic = traffic;
  }

  /** One benchmark run: its statements' calls. */
  benchmarkRun(): void {
    this.add(BENCHMARK_STATEMENTS);
  }

  /** A reading: the user's calls since the last one are counted first. */
  read(request: Pick<GetQueryMixRequest, 'since' | 'include'>): QueryMix {
    this.add(this.traffic);
    return this.readings.read(new Map([...this.counters].map(([id, c]) => [id, { ...c }])), request);
  }

  private add(calls: Readonly<Record<string, number>>): void {
    for (const [id, n] of Object.entries(calls)) {
      const c = this.counters.get(id) ?? { calls: 0, execMs: 0 };
      this.counters.set(id, { calls: c.calls + n, execMs: c.execMs + n * 0.1 });
    }
  }
}
