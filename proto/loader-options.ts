import type { Options } from '@grpc/proto-loader';

/**
 * The one set of proto-loader options. The runtime loader and proto-loader-gen-types both
 * use it, so the generated TypeScript types describe exactly the objects grpc-js hands us:
 * camelCase fields, 64-bit integers as JS numbers, enums as their names, every scalar
 * present with its default.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} satisfies Options;

/** The .proto files of the autotune.v1 package, relative to the proto/ folder. */
export const PROTO_FILES = [
  'autotune/v1/collector.proto',
  'autotune/v1/environment.proto',
  'autotune/v1/discovery.proto',
  'autotune/v1/recommendation.proto',
];
