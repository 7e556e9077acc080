// Original file: proto/autotune/v1/recommendation.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchVerdict {
  'round'?: (number);
  'atMs'?: (number | string | Long);
  'drifted'?: (boolean);
  'driftVerdict'?: (string);
  'tpsRatio'?: (number | string);
  'tpsRatioLow'?: (number | string);
  'tpsRatioHigh'?: (number | string);
  'p95Ratio'?: (number | string);
  'p95RatioLow'?: (number | string);
  'p95RatioHigh'?: (number | string);
  'confidence'?: (number | string);
  'referenceRuns'?: (number);
  'watchRuns'?: (number);
  'mixState'?: (string);
  'mixChanged'?: (boolean);
  'mixVerdict'?: (string);
  'mixDistance'?: (number | string);
  'mixThreshold'?: (number | string);
  'mixCalls'?: (number | string | Long);
  '_mixDistance'?: "mixDistance";
}

export interface WatchVerdict__Output {
  'round': (number);
  'atMs': (number);
  'drifted': (boolean);
  'driftVerdict': (string);
  'tpsRatio': (number);
  'tpsRatioLow': (number);
  'tpsRatioHigh': (number);
  'p95Ratio': (number);
  'p95RatioLow': (number);
  'p95RatioHigh': (number);
  'confidence': (number);
  'referenceRuns': (number);
  'watchRuns': (number);
  'mixState': (string);
  'mixChanged': (boolean);
  'mixVerdict': (string);
  'mixDistance'?: (number);
  'mixThreshold': (number);
  'mixCalls': (number);
  '_mixDistance'?: "mixDistance";
}
