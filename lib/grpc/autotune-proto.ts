import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import path from 'node:path';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from '../../proto/loader-options';
import type { ProtoGrpcType as CollectorProto } from '../../proto/generated/collector';
import type { ProtoGrpcType as DiscoveryProto } from '../../proto/generated/discovery';
import type { ProtoGrpcType as EnvironmentProto } from '../../proto/generated/environment';
import type { ProtoGrpcType as RecommendationProto } from '../../proto/generated/recommendation';
import { packageRoot } from '../core/package-root';

type AutotuneV1 = CollectorProto['autotune']['v1'] &
  DiscoveryProto['autotune']['v1'] &
  EnvironmentProto['autotune']['v1'] &
  RecommendationProto['autotune']['v1'];

let loaded: AutotuneV1 | undefined;

/** The autotune.v1 package, loaded once with the same options the types were generated with. */
export function autotuneV1(): AutotuneV1 {
  if (!loaded) {
    const protoDir = path.join(packageRoot(), 'proto');
    const definition = loadSync(PROTO_FILES, { ...PROTO_LOADER_OPTIONS, includeDirs: [protoDir] });
    const root = grpc.loadPackageDefinition(definition) as unknown as { autotune: { v1: AutotuneV1 } };
    loaded = root.autotune.v1;
  }
  return loaded;
}

/** Fully qualified service names, as the health service and reflection know them. */
export const SERVICE_NAMES = {
  collector: 'autotune.v1.Collector',
  environment: 'autotune.v1.Environment',
  discovery: 'autotune.v1.Discovery',
  recommendation: 'autotune.v1.Recommendation',
} as const;
