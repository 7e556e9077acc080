import type { EnvironmentHandlers } from '../../proto/generated/autotune/v1/Environment';
import { unaryHandler } from '../../lib/grpc/unary-handler';
import type { EnvironmentService } from './environment-service';

/** The gRPC face of an EnvironmentService. */
export function environmentHandlers(service: EnvironmentService): EnvironmentHandlers {
  return {
    Open: unaryHandler('Environment.Open', (r) => service.open(r)),
    Reset: unaryHandler('Environment.Reset', (r) => service.reset(r)),
    Step: unaryHandler('Environment.Step', (r) => service.step(r)),
    Measure: unaryHandler('Environment.Measure', (r) => service.measure(r)),
    Close: unaryHandler('Environment.Close', (r) => service.close(r)),
    ReadQueryMix: unaryHandler('Environment.ReadQueryMix', (r) => service.readQueryMix(r)),
  };
}
