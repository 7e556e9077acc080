/** What the trainer reports as it goes: the progress bar's and WatchSession's source. */
export interface TrainerProgress {
  sessionId: string;
  status: 'running' | 'verifying' | 'finished' | 'stopped' | 'cancelled' | 'failed';
  iteration?: number;
  iterationsTotal: number;
  tps?: number;
  reward?: number;
  message: string;
}
