import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../lib/core/errors';
import { collectorHoldsTarget, type AskServerInfo } from '../../lib/grpc/collector-holds-target';
import { PgTarget } from '../../lib/postgres/pg-target';
import type { ServerInfo__Output } from '../../proto/generated/autotune/v1/ServerInfo';

const registered = PgTarget.fromDsn('postgres://tuner@db.local:5433/shop', {}).describe();
const answering = (target: string): AskServerInfo => async () => ({ target }) as ServerInfo__Output;
const failing = (message: string): AskServerInfo => async () => {
  throw new UnavailableError(message);
};
const held = (ask: AskServerInfo, heartbeatFresh = true) => collectorHoldsTarget({ collectorAddress: '127.0.0.1:7001', heartbeatFresh, target: registered }, ask);

describe('collectorHoldsTarget (the one rule of Discovery and serve all)', () => {
  it('holds when the collector reports the same server and database, whatever connection options its environment added', async () => {
    // serve all passes PGSSLMODE, PGAPPNAME, ... to its collectors, which describe their target with them.
    const asTheCollectorDescribesIt = PgTarget.fromDsn(registered, { PGSSLMODE: 'disable', PGAPPNAME: 'pg-autotune' }).describe();
    expect(asTheCollectorDescribesIt).not.toBe(registered);
    expect(await held(answering(asTheCollectorDescribesIt))).toBe(true);
  });

  it('does not hold when the collector there serves another database, server or user (its port went to another)', async () => {
    for (const other of ['postgres://tuner@db.local:5433/orders', 'postgres://tuner@db.local:5434/shop', 'postgres://admin@db.local:5433/shop', 'not a dsn ::']) {
      expect(await held(answering(other)), other).toBe(false);
    }
  });

  it('does not hold with a stale heartbeat or a refused connection; a slow or failed answer with a fresh heartbeat still holds', async () => {
    expect(await held(answering(registered), false)).toBe(false);
    expect(await held(failing('connect ECONNREFUSED 127.0.0.1:7001'))).toBe(false);
    expect(await held(failing('deadline exceeded'))).toBe(true);
  });
});
