/** The per-transaction log as FIFOs: where pgbench writes it and how many threads write. */
export interface FifoLog {
  /** pgbench's --log-prefix: thread 0 writes `PREFIX.PID`, thread N `PREFIX.PID.N`. */
  prefix: string;
  /** pgbench's --jobs: one log, so one FIFO, per thread. */
  threads: number;
}

// pgbench names its logs after its own pid, which nobody knows before it starts; a shell
// knows its own ($$) and keeps it through exec, so it makes the FIFOs under that pid, then
// becomes pgbench. pgbench's fopen(..., "w") opens a FIFO that exists instead of creating a
// file. The text is constant: the prefix ($0), the thread count ($1) and pgbench's command
// line ("$@") arrive as positional parameters, so no value of ours is ever parsed by the shell.
const SCRIPT =
  'n=$1; shift; mkfifo -m 600 "$0.$$" || exit; i=1; ' +
  'while [ "$i" -lt "$n" ]; do mkfifo -m 600 "$0.$$.$i" || exit; i=$((i + 1)); done; exec "$@"';

/**
 * The command that runs `pgbenchPath args` with its per-transaction log made of FIFOs, so the
 * log takes no disk however long the run; a reader must open each FIFO (TransactionLogPipes),
 * or pgbench waits in its open.
 *
 * @throws RangeError for a thread count that is not a positive integer (a caller's bug).
 */
export function fifoLogCommand(pgbenchPath: string, args: readonly string[], log: FifoLog): { file: string; args: string[] } {
  if (!(Number.isInteger(log.threads) && log.threads >= 1)) throw new RangeError(`threads must be a positive integer, got ${log.threads}`);
  return { file: '/bin/sh', args: ['-c', SCRIPT, log.prefix, String(log.threads), pgbenchPath, ...args] };
}
