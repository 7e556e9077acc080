import type { ClientBase } from 'pg';
import type { ApplyKnobsResponse } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { FailedPreconditionError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import type { PgTarget } from '../../lib/postgres/pg-target';
import { captureConfig, restoreWithAlterSystem, writeAutoConf, type ConfigBackup } from './config-backup';
import type { HostResources } from '../../knobs/host-resources';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { MEMORY_BUDGET_SETTINGS } from '../../knobs/memory-budget';
import { alterSystemStatement, readLiveKnobs, validateKnobSettings, type ValidatedKnob } from './knobs/knob-validation';
import { waitHealthy, withConnection } from './pg-connection';
import type { ServerControl } from '../../lib/postgres/server-control';

export interface KnobApplierOptions {
  target: PgTarget;
  control: ServerControl;
  dataDir?: string;
  host: HostResources;
  /** Seconds a health query after a reload may take before the change counts as breaking. */
  healthTimeoutS: number;
  /** The catalog knobs' original values (durable-original.ts): restoring them is always allowed. */
  originalValues: () => ReadonlyMap<string, string>;
  /** Runs before the first statement that changes the server: the original is recorded as "change in progress". */
  beforeChange: () => Promise<void>;
}

export interface ApplyRequest {
  knobs: KnobSetting[];
  allowDurabilityRisk: boolean;
  restartTimeoutS: number;
}

const CATALOG_NAMES = KNOB_CATALOG.map((k) => k.name);

/**
 * Applies knob values to the live server, safely:
 *  1. validate every name and value against the catalog before touching anything;
 *  2. refuse restart-requiring knobs when the collector may not restart;
 *  3. back up postgresql.auto.conf, ALTER SYSTEM, reload, restart if a postmaster knob changed;
 *  4. check health; on any failure restore the backup, bring the server back and say so.
 */
export class KnobApplier {
  constructor(private readonly options: KnobApplierOptions) {}

  /** postgresql.auto.conf (or its catalog entries) as it is now. */
  capture(): Promise<ConfigBackup> {
    return withConnection(this.options.target, (c) => captureConfig(c, CATALOG_NAMES, this.options.dataDir));
  }

  async apply(request: ApplyRequest): Promise<ApplyKnobsResponse> {
    const { target, control, host } = this.options;
    const { validated, changed, backup } = await withConnection(target, async (client) => {
      // The budget check also needs memory settings that are not tuned (autovacuum workers ...).
      const live = await readLiveKnobs(client, [...CATALOG_NAMES, ...MEMORY_BUDGET_SETTINGS]);
      const validated = validateKnobSettings(request.knobs, {
        host,
        allowDurabilityRisk: request.allowDurabilityRisk,
        live,
        trusted: this.options.originalValues(),
      });
      const changed = validated.filter((v) => live.get(v.name)?.setting !== v.value);
      const needRestart = changed.filter((v) => live.get(v.name)?.context === 'postmaster').map((v) => v.name);
      if (needRestart.length > 0 && !control.canRestart) {
        throw new FailedPreconditionError(
          `${needRestart.join(', ')} take effect only after a restart, and this collector may not restart its server: ` +
            'start it with --data-dir (pg_ctl) or --restart-command to allow restarts',
        );
      }
      return { validated, changed, backup: await captureConfig(client, CATALOG_NAMES, this.options.dataDir) };
    });
    if (changed.length === 0) {
      return { applied: true, restarted: false, rolledBack: false, ...(await this.readBack(validated)) };
    }
    await this.options.beforeChange();
    try {
      const restarted = await this.change(changed, request.restartTimeoutS);
      return { applied: true, restarted, rolledBack: false, ...(await this.readBack(validated)) };
    } catch (err) {
      const reason = errorMessage(err);
      logger.warn({ knobs: changed.map((v) => `${v.name}=${v.value}`), reason }, 'change failed; rolling back');
      const restarted = await this.rollBack(backup, request.restartTimeoutS, reason);
      return { applied: false, restarted, rolledBack: true, error: reason, ...(await this.readBack(validated)) };
    }
  }

  /**
   * The rollback of a failed change, with an error of its own: when even that fails, the
   * caller learns both reasons and that the original stays recorded as unfinished (ResetKnobs
   * or the next collector puts it back), never the bare error of some step.
   */
  private async rollBack(backup: ConfigBackup, timeoutS: number, reason: string): Promise<boolean> {
    try {
      return await this.restore(backup, timeoutS);
    } catch (err) {
      logger.error({ reason, rollback: errorMessage(err) }, 'rolling back the failed change failed too');
      throw new FailedPreconditionError(
        `the change failed (${reason}) and rolling it back failed too (${errorMessage(err)}); ` +
          'the original configuration stays recorded: ResetKnobs, or the next collector at its start, puts it back',
        { cause: err },
      );
    }
  }

  /**
   * Puts a backed-up configuration back: the file when the data directory is known (exact,
   * and possible while the server is down), ALTER SYSTEM otherwise. Restarts when a restart
   * knob differs afterwards. Returns whether it restarted.
   */
  async restore(backup: ConfigBackup, timeoutS: number): Promise<boolean> {
    const { target, control, dataDir } = this.options;
    // Every step is bounded: pg_ctl and the restart command by timeoutS, queries by this.
    const bounded = { queryTimeoutMs: timeoutS * 1000 };
    const running = await control.isRunning();
    if (dataDir && backup.autoConfText !== null) {
      await writeAutoConf(dataDir, backup.autoConfText);
      if (!running) {
        await control.start(timeoutS);
        return true;
      }
    } else {
      await withConnection(target, (c) => restoreWithAlterSystem(c, backup), bounded);
    }
    const pending = await withConnection(
      target,
      async (c) => {
        await c.query('SELECT pg_reload_conf()');
        return this.pendingRestart(c);
      },
      bounded,
    );
    if (pending.length > 0 && control.canRestart) {
      await this.restartOrStart(timeoutS);
      return true;
    }
    return false;
  }

  /**
   * A restart for a rollback. When it fails and leaves the server down (a restart command that
   * stopped it and hung, now killed), the server is started on the file just restored: a
   * rollback never ends with the server stopped while a start can still bring it up.
   */
  private async restartOrStart(timeoutS: number): Promise<void> {
    const { control } = this.options;
    try {
      await control.restart(timeoutS);
    } catch (err) {
      if (await control.isRunning()) throw err;
      logger.warn({ reason: errorMessage(err) }, 'the restart for the rollback left the server stopped: starting it');
      await control.start(timeoutS);
    }
  }

  private async change(changed: ValidatedKnob[], restartTimeoutS: number): Promise<boolean> {
    const { target, control, healthTimeoutS } = this.options;
    const pending = await withConnection(target, async (client) => {
      for (const knob of changed) await client.query(alterSystemStatement(knob));
      await client.query('SELECT pg_reload_conf()');
      return this.pendingRestart(client);
    });
    // A reload-only collector leaves a pending restart (someone else's ALTER SYSTEM) to the
    // operator and reports it in pending_restart; apply() has refused its own restart knobs.
    const restart = pending.length > 0 && control.canRestart;
    if (restart) await control.restart(restartTimeoutS);
    if (!(await waitHealthy(target, healthTimeoutS))) {
      throw new Error(`the server did not answer a health query within ${healthTimeoutS} s after the change`);
    }
    return restart;
  }

  private async pendingRestart(client: ClientBase): Promise<string[]> {
    // A reload is asynchronous: give the postmaster a moment to process SIGHUP before asking.
    await new Promise((r) => setTimeout(r, 200));
    return pendingRestartNames(client);
  }

  /** The knobs' values in effect, and the catalog knobs that changed but wait for a restart this collector may not do. */
  private readBack(knobs: ValidatedKnob[]): Promise<Pick<ApplyKnobsResponse, 'inEffect' | 'pendingRestart'>> {
    return withConnection(this.options.target, async (client) => {
      const live = await readLiveKnobs(client, knobs.map((k) => k.name));
      const inEffect = knobs.map((k) => ({ name: k.name, value: live.get(k.name)?.setting ?? '' }));
      return { inEffect, pendingRestart: await pendingRestartNames(client) };
    });
  }
}

/** Catalog knobs whose new value waits for a restart (pg_settings.pending_restart). */
async function pendingRestartNames(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT name FROM pg_settings WHERE pending_restart AND name = ANY($1::text[]) ORDER BY name',
    [CATALOG_NAMES],
  );
  return rows.map((r) => r.name);
}
