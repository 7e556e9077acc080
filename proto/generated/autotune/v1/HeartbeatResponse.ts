// Original file: proto/autotune/v1/discovery.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'atMs'?: (number | string | Long);
}

export interface HeartbeatResponse__Output {
  'atMs': (number);
}
