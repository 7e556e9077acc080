import { describe, expect, it } from 'vitest';
import { targetCollectorEnv } from '../../cli/stack/target-collector-env';
import { STOP_WITH_PARENT_ENV } from '../../cli/stop-with-parent';

/** serve all's environment as the README has it run: the store's password in PGPASSWORD. */
const serveAllEnv = {
  PATH: '/usr/bin',
  HOME: '/home/tuner',
  PGPASSWORD: 'store-secret',
  PGSERVICE: 'prod',
  PG_AUTOTUNE_STORE: 'postgres://admin:store-secret@store:5432/pg_autotune',
  PG_AUTOTUNE_CONFIG: '/etc/pg-autotune/serve.yaml',
  PG_AUTOTUNE_TOKEN: 'token-123',
  PGPASSFILE: '/etc/pg-autotune/pgpass',
  PGSSLMODE: 'require',
  AWS_SECRET_ACCESS_KEY: 'aws-secret',
};

describe('targetCollectorEnv: what a collector for a registered target inherits', () => {
  it("carries no PGPASSWORD, no store DSN, no other setting or secret of serve all's environment", () => {
    const env = targetCollectorEnv(serveAllEnv, {});
    expect(JSON.stringify(env)).not.toContain('store-secret');
    expect(JSON.stringify(env)).not.toContain('aws-secret');
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/tuner', PG_AUTOTUNE_TOKEN: 'token-123', PGPASSFILE: '/etc/pg-autotune/pgpass', PGSSLMODE: 'require', [STOP_WITH_PARENT_ENV]: '1' });
  });

  it('sets the lifeline variable itself: never taken from serve all', () => {
    expect(targetCollectorEnv({ [STOP_WITH_PARENT_ENV]: '0' }, {})[STOP_WITH_PARENT_ENV]).toBe('1');
  });

  it('passes PG_AUTOTUNE_TOKEN on only when serve all has no token file (the collector reads the file then)', () => {
    expect(targetCollectorEnv(serveAllEnv, { tokenFile: '/run/secrets/token' }).PG_AUTOTUNE_TOKEN).toBeUndefined();
  });
});
