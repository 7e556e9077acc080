import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { RecommendationReport } from '../../proto/generated/autotune/v1/RecommendationReport';
import { deepFreeze } from '../../lib/core/deep-freeze';
import { autotuneV1 } from '../../lib/grpc/autotune-proto';
import { keepFrozenResponseBytes } from '../../lib/grpc/frozen-response-bytes';

/** The real GetRecommendation method, its encoder counted. */
function countedGetRecommendation() {
  const real = autotuneV1().Recommendation.service.GetRecommendation as MethodDefinition<unknown, unknown>;
  const encoded: unknown[] = [];
  const counted = { ...real, responseSerialize: (value: unknown) => (encoded.push(value), real.responseSerialize(value)) };
  const kept = keepFrozenResponseBytes({ GetRecommendation: counted } as ServiceDefinition).GetRecommendation!;
  return { real, kept, encoded };
}

const report = (): RecommendationReport => ({
  sessionId: 'e9079baf-c80f-475d-82b6-9dd897855070',
  recommendedKnobs: [{ name: 'work_mem', value: '16384' }],
  alterSystem: ["ALTER SYSTEM SET work_mem = '16MB';"],
  reportJson: '{"format":"pg-autotune-report/v1"}',
  approvalState: 'none',
});

describe('keepFrozenResponseBytes', () => {
  it('encodes a frozen response once and sends the same bytes after, as the real encoder would', () => {
    const { real, kept, encoded } = countedGetRecommendation();
    const frozen = deepFreeze(report());
    const first = kept.responseSerialize(frozen);
    expect(kept.responseSerialize(frozen)).toBe(first);
    expect(encoded).toHaveLength(1);
    expect(first.equals(real.responseSerialize(report()))).toBe(true);
    expect(real.responseDeserialize(first)).toMatchObject({ recommendedKnobs: [{ name: 'work_mem', value: '16384' }], approvalState: 'none' });
  });

  it('encodes a response that can still change every time it is sent', () => {
    const { kept, encoded } = countedGetRecommendation();
    const open = report();
    const before = kept.responseSerialize(open);
    open.recommendedKnobs = [{ name: 'work_mem', value: '1' }];
    const after = kept.responseSerialize(open);
    expect(encoded).toHaveLength(2);
    expect(after.equals(before)).toBe(false);
  });
});
