// Original file: proto/autotune/v1/common.proto


export interface LatencyStats {
  'avgMs'?: (number | string);
  'stddevMs'?: (number | string);
  'p50Ms'?: (number | string);
  'p95Ms'?: (number | string);
  'p99Ms'?: (number | string);
  'maxMs'?: (number | string);
}

export interface LatencyStats__Output {
  'avgMs': (number);
  'stddevMs': (number);
  'p50Ms': (number);
  'p95Ms': (number);
  'p99Ms': (number);
  'maxMs': (number);
}
