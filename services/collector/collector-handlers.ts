import type { CollectorHandlers } from '../../proto/generated/autotune/v1/Collector';
import { unaryHandler } from '../../lib/grpc/unary-handler';
import type { CollectorService } from './collector-service';

/** The gRPC face of a CollectorService. */
export function collectorHandlers(service: CollectorService): CollectorHandlers {
  return {
    GetServerInfo: unaryHandler('Collector.GetServerInfo', () => service.getServerInfo()),
    GetKnobs: unaryHandler('Collector.GetKnobs', (r) => service.getKnobs(r)),
    Snapshot: unaryHandler('Collector.Snapshot', () => service.snapshot()),
    ApplyKnobs: unaryHandler('Collector.ApplyKnobs', (r) => service.applyKnobs(r)),
    ResetKnobs: unaryHandler('Collector.ResetKnobs', (r) => service.resetKnobs(r)),
    KeepKnobs: unaryHandler('Collector.KeepKnobs', () => service.keepKnobs()),
    GetQueryMix: unaryHandler('Collector.GetQueryMix', (r) => service.getQueryMix(r)),
    RunBenchmark: unaryHandler('Collector.RunBenchmark', (r, cancelled) => service.runBenchmark(r, cancelled)),
  };
}
