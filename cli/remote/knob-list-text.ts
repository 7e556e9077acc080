import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';

/** Knob settings on one line for people: "work_mem=16384, random_page_cost=1.5"; "(none)" for none. */
export function knobListText(knobs: readonly KnobSetting[]): string {
  return knobs.length === 0 ? '(none)' : knobs.map((k) => `${k.name}=${k.value}`).join(', ');
}
