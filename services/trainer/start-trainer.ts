import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { countTrainerSessions, countTrainerSteps } from '../../lib/prometheus/trainer-metrics';
import { leaseStore, type StoreArgument } from '../../lib/store/store-lease';
import type { SessionEnd } from './session-runner';
import { Trainer, type TrainerOptions } from './trainer-worker';

// The composition root (cli/) reads how a session ended; it imports the trainer through this entry only.
export type { SessionEnd };

export interface StartTrainerOptions extends Omit<TrainerOptions, 'store' | 'environment'> {
  /** Where the metadata store is (opened here, closed by stop()), or an open store that stays the caller's. */
  store: StoreArgument;
  /** The Environment service the trainer runs its sessions through, host:port. */
  environmentAddress: string;
}

export interface RunningTrainer {
  workerId: string;
  /** Password-free, for messages. */
  storeWhere: string;
  /** Claims this session and runs it to its end (or until the signal). */
  runSession(sessionId: string): Promise<SessionEnd>;
  /** Claims and runs sessions until the signal. */
  serve(): Promise<void>;
  /** Closes the Environment client and lets go of the store; call once the runs returned. */
  stop(): Promise<void>;
}

/** A trainer with its own store and Environment client: what `serve trainer` and `tune` run. */
export async function startTrainer(options: StartTrainerOptions): Promise<RunningTrainer> {
  const { store, environmentAddress, ...trainerOptions } = options;
  const lease = await leaseStore(store);
  const environment = new EnvironmentClient(environmentAddress);
  // Counted where the trainer writes the store and calls the Environment (lib/prometheus/trainer-metrics.ts).
  const trainer = new Trainer({ ...trainerOptions, store: countTrainerSessions(lease.store), environment: countTrainerSteps(environment) });
  return {
    workerId: trainer.workerId,
    storeWhere: lease.where,
    runSession: (sessionId) => trainer.runSession(sessionId),
    serve: () => trainer.serve(),
    stop: async () => {
      environment.closeClient();
      await lease.release();
    },
  };
}
