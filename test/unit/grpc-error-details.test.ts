import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../lib/core/errors';
import { toGrpcStatus } from '../../lib/grpc/grpc-errors';

describe('toGrpcStatus: details a client can always receive', () => {
  it('cuts a message that quotes a huge input far below the 16 kB trailer limit', () => {
    const { details } = toGrpcStatus(new NotFoundError(`no open environment "${'x'.repeat(100_000)}"`), 'Measure');
    expect(details!.length).toBeLessThan(2_100);
    expect(details).toMatch(/^no open environment "x+\.\.\. \(\d+ more characters\)$/);
  });

  it('replaces lone surrogates, from the input or from the cut, so grpc-js can encode the details', () => {
    const cut = toGrpcStatus(new InvalidArgumentError('name', '💥'.repeat(5_000)), 'ApplyKnobs').details!;
    expect(() => encodeURI(cut)).not.toThrow();
    const sent = toGrpcStatus(new InvalidArgumentError('name', 'a\uD800b'), 'ApplyKnobs').details!;
    expect(sent).toBe('name: a\uFFFDb');
    expect(toGrpcStatus(new InvalidArgumentError('name', 'ok 💥'), 'ApplyKnobs').details).toBe('name: ok 💥');
  });
});
