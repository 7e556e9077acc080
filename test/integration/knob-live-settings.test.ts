import { totalmem, cpus } from 'node:os';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResources } from '../../knobs/host-resources';
import { KNOB_CATALOG, safeRange } from '../../knobs/knob-catalog';
import { isChoiceKnob } from '../../knobs/knob-spec';
import { toKnobState } from '../../services/collector/knobs/knob-state';
import { readLiveKnobs, validateKnobSettings, type LiveKnob } from '../../services/collector/knobs/knob-validation';
import { MEMORY_BUDGET_SETTINGS } from '../../knobs/memory-budget';
import { PgTarget } from '../../lib/postgres/pg-target';
import { TEST_SERVER_DSN } from '../helpers/test-store';

// The shared server: this test only reads pg_settings.
const TARGET = PgTarget.fromDsn(TEST_SERVER_DSN);

describe('the knob catalog against the live server', () => {
  let client: Client;
  let live: Map<string, LiveKnob>;
  let host: HostResources;
  beforeAll(async () => {
    client = new Client(TARGET.clientConfig({ application_name: 'pg-autotune-test-knob-live-settings' }));
    await client.connect();
    live = await readLiveKnobs(client, [...KNOB_CATALOG.map((k) => k.name), ...MEMORY_BUDGET_SETTINGS, 'max_connections']);
    host = { memoryBytes: totalmem(), cpus: cpus().length, maxConnections: Number(live.get('max_connections')!.setting) };
  });
  afterAll(async () => {
    await client.end();
  });

  it('reads every catalog knob with the type and unit the catalog expects', () => {
    for (const spec of KNOB_CATALOG) {
      const row = live.get(spec.name);
      expect(row, spec.name).toBeDefined();
      expect([row!.vartype, row!.unit ?? 'none'], spec.name).toEqual([spec.type, spec.unit]);
      expect(typeof row!.pendingRestart).toBe('boolean');
    }
    expect(live.get('synchronous_commit')!.enumvals).toEqual(expect.arrayContaining(['on', 'off']));
    expect(live.get('shared_buffers')!.context).toBe('postmaster');
  });

  it("lists every value the server takes for a choice knob, so any server's original is one of them", async () => {
    for (const spec of KNOB_CATALOG) {
      if (!isChoiceKnob(spec)) continue;
      // A bool has no enumvals: its values are on and off.
      expect([...spec.values].sort(), spec.name).toEqual([...(live.get(spec.name)!.enumvals ?? ['off', 'on'])].sort());
      expect(spec.values, spec.name).toEqual(expect.arrayContaining([...spec.allowed]));
      // Every other spelling the catalog knows is one the server takes for that value.
      for (const [spelling, value] of spec.spellings) {
        const { rows } = await client.query<{ same: boolean }>(
          `SELECT set_config($1, $2, true) = $3 AS same`,
          [spec.name, spelling, value],
        );
        expect(rows[0]!.same, `${spec.name} = ${spelling}`).toBe(true);
      }
    }
  });

  it('finds every safe range inside the server limits, so intersecting changes nothing', () => {
    for (const spec of KNOB_CATALOG) {
      const state = toKnobState(spec, live.get(spec.name)!, host);
      const range = safeRange(spec, host);
      if ('allowed' in range) expect(state.safeRange!.allowed, spec.name).toEqual(range.allowed);
      else expect([state.safeRange!.min, state.safeRange!.max], spec.name).toEqual([range.min, range.max]);
      expect(state.restartRequired, spec.name).toBe(state.context === 'postmaster');
    }
  });

  it('validates each knob safe floor against the live limits and memory', () => {
    const settings = KNOB_CATALOG.filter((k) => k.durabilityRisk === 'none').map((spec) => {
      const range = safeRange(spec, host);
      return { name: spec.name, value: 'allowed' in range ? range.allowed[0]! : String(range.min) };
    });
    expect(validateKnobSettings(settings, { host, allowDurabilityRisk: false, live })).toHaveLength(settings.length);
  });
});
