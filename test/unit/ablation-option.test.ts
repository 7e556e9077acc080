import { describe, expect, it } from 'vitest';
import { sessionOptionsFromCli } from '../../cli/tune/session-options-from-cli';
import { applySessionDefaults } from '../../lib/session/session-options';

/**
 * ablation_rounds is a proto3 `optional` field: absent (the CLI without --ablation-rounds, an
 * older client) is the default 3, and 0, which the wire then carries as set, turns it off.
 */
describe('ablation_rounds', () => {
  it('absent is 3; 0 is off; 3..20 as given', () => {
    expect(applySessionDefaults({}).ablationRounds).toBe(3);
    expect(applySessionDefaults({ ablationRounds: 0 }).ablationRounds).toBe(0);
    expect(applySessionDefaults({ ablationRounds: 7 }).ablationRounds).toBe(7);
    // A stored row resolves to itself.
    expect(applySessionDefaults(applySessionDefaults({ ablationRounds: 0 })).ablationRounds).toBe(0);
  });

  it('refuses 1, 2 (too few to call anything) and more than 20, naming the field', () => {
    expect(() => applySessionDefaults({ ablationRounds: 2 })).toThrow(
      "ablation_rounds: must be 0 (no ablation) or 3..20: fewer rounds can never call a knob's worth, got 2",
    );
    expect(() => applySessionDefaults({ ablationRounds: 21 })).toThrow('ablation_rounds: must be an integer in 0..20, got 21');
  });

  it('--ablation-rounds fills the field; without it the field stays unset', () => {
    expect(sessionOptionsFromCli({ ablationRounds: 0 }).ablationRounds).toBe(0);
    expect(sessionOptionsFromCli({}).ablationRounds).toBeUndefined();
  });
});
