import type { RunningServer } from '../../lib/grpc/grpc-server';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { startEnvironment } from '../../services/environment/start-environment';
import type { SandboxFixture } from './sandbox-fixture';

/**
 * The two services a trainer needs for a sandbox, in this process on port 0: its collector
 * (restarts by pg_ctl, exact rollback in its data directory) and the Environment service. Both
 * are pushed on `servers`, for the test's afterAll to stop.
 */
export async function startSandboxServices(sandbox: SandboxFixture, servers: RunningServer[]): Promise<{ collector: RunningServer; environment: RunningServer }> {
  const collector = await startCollector({ target: sandbox.target, control: pgCtlControl(sandbox.pgCtl), dataDir: sandbox.dataDir, port: 0 });
  servers.push(collector);
  const environment = await startEnvironment({ port: 0 });
  servers.push(environment);
  return { collector, environment };
}
