import type { ClientBase } from 'pg';

/** One pg_settings row, as the live server reports it. */
export interface LiveKnob {
  name: string;
  /** Current value in the base unit. */
  setting: string;
  /** Base unit ("kB", "8kB", "ms", ...), null for unitless knobs. */
  unit: string | null;
  /** user | superuser | sighup | postmaster | ... */
  context: string;
  /** bool | integer | real | string | enum */
  vartype: string;
  minVal: string | null;
  maxVal: string | null;
  enumvals: string[] | null;
  bootVal: string | null;
  resetVal: string | null;
  /** Changed in the configuration, waiting for a restart to take effect. */
  pendingRestart: boolean;
}

/** pg_settings rows for `names`, by name; names the server does not know are absent. */
export async function readLiveKnobs(client: ClientBase, names: readonly string[]): Promise<Map<string, LiveKnob>> {
  const { rows } = await client.query<LiveKnob>(
    `SELECT name, setting, unit, context, vartype,
            min_val AS "minVal", max_val AS "maxVal", enumvals,
            boot_val AS "bootVal", reset_val AS "resetVal", pending_restart AS "pendingRestart"
       FROM pg_settings
      WHERE name = ANY($1::text[])`,
    [names],
  );
  return new Map(rows.map((row) => [row.name, row]));
}
