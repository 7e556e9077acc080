import { close, constants, open } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { errorMessage, FailedPreconditionError } from '../../../lib/core/errors';
import { TransactionLogTally, type TransactionLogTotals } from './transaction-log-totals';

const openFd = promisify(open);
const closeFd = promisify(close);

// How often the folder is looked at for the FIFOs the shell makes (fifo-log-command.ts):
// pgbench waits in its open until a reader comes, before its clients start and its clock
// runs, so this delays the start of a run, never its numbers.
const POLL_MS = 10;
// Once pgbench has exited, what is left in a pipe (at most its 64 KiB) is read at once;
// past this something is wrong, and the collector must not wait on it.
const DRAIN_TIMEOUT_MS = 10_000;
// A log line is under 100 characters; a "line" this long is not pgbench's.
const MAX_LINE_CHARS = 4096;

interface PipeReader {
  file: string;
  socket: Socket;
  /** Resolves at the pipe's end of file, rejects when it cannot be read or parsed. */
  ended: Promise<void>;
}

/**
 * Reads the FIFOs of one run's per-transaction log while pgbench writes them, into one
 * TransactionLogTally, so the log takes no disk and bounded memory however long the run.
 *
 * Nothing here can hang: each FIFO is opened non-blocking (an open for reading would wait for
 * a writer, forever if pgbench died first) and read through the event loop; after pgbench
 * has exited, `finish` opens and closes each FIFO for writing itself, so that every reader
 * sees end of file whether pgbench ever opened that FIFO or not.
 */
export class TransactionLogPipes {
  private readonly tally = new TransactionLogTally();
  private readonly readers = new Map<string, PipeReader>();
  private readonly failure = new AbortController();
  private watching: Promise<void> | undefined;
  private stopped = false;

  /** `dir` is the run's private folder; pgbench writes one FIFO per thread there. */
  constructor(
    private readonly dir: string,
    private readonly threads: number,
  ) {}

  /**
   * Aborts with a FailedPreconditionError when a FIFO cannot be opened or read during the
   * run: the run must stop then, since pgbench would block on a pipe nobody reads.
   */
  get failed(): AbortSignal {
    return this.failure.signal;
  }

  /** Starts attaching a reader to each FIFO as it appears; call before pgbench starts. */
  watch(): void {
    this.watching ??= this.attachAsTheyAppear();
  }

  /**
   * The totals, once pgbench has exited with success: the rest of every pipe is read.
   * @throws Error when a line is not a transaction log line or a pipe does not end.
   */
  async finish(): Promise<TransactionLogTotals> {
    await this.stopWatching();
    if (this.failure.signal.aborted) throw this.failure.signal.reason;
    for (const reader of this.readers.values()) await endOfFile(reader.file);
    const drained = Promise.all([...this.readers.values()].map((reader) => reader.ended));
    const late = new AbortController();
    const timeout = delay(DRAIN_TIMEOUT_MS, undefined, { signal: late.signal }).then(() => {
      throw new Error(`a transaction log pipe did not end within ${DRAIN_TIMEOUT_MS / 1000} s of pgbench's exit`);
    });
    timeout.catch(() => undefined);
    try {
      await Promise.race([drained, timeout]);
    } finally {
      late.abort();
    }
    return this.tally.totals();
  }

  /** Stops watching and closes every pipe; safe on every exit path, and twice. */
  async close(): Promise<void> {
    await this.stopWatching();
    for (const reader of this.readers.values()) reader.socket.destroy();
  }

  private async stopWatching(): Promise<void> {
    this.stopped = true;
    await this.watching;
  }

  private async attachAsTheyAppear(): Promise<void> {
    while (!this.stopped && this.readers.size < this.threads) {
      try {
        for (const name of await readdir(this.dir)) {
          const file = path.join(this.dir, name);
          if (!this.readers.has(name) && (await lstat(file)).isFIFO()) this.readers.set(name, await this.attach(file));
        }
      } catch (err) {
        this.fail(err);
        return;
      }
      await delay(POLL_MS);
    }
  }

  private async attach(file: string): Promise<PipeReader> {
    const fd = await openFd(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const socket = new Socket({ fd, readable: true, writable: false });
    // pgbench's lines are ASCII: digits, spaces and a few words.
    socket.setEncoding('latin1');
    let partial = '';
    const ended = new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        socket.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      socket.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        try {
          for (const line of lines) this.tally.add(line);
          if (partial.length > MAX_LINE_CHARS) throw new Error(`a line of more than ${MAX_LINE_CHARS} characters in ${path.basename(file)}`);
        } catch (err) {
          fail(err);
        }
      });
      socket.once('end', () => {
        try {
          this.tally.add(partial);
          resolve();
        } catch (err) {
          fail(err);
        }
      });
      socket.once('error', fail);
    });
    ended.catch((err: unknown) => this.fail(err));
    return { file, socket, ended };
  }

  private fail(err: unknown): void {
    if (this.failure.signal.aborted) return;
    this.failure.abort(new FailedPreconditionError(`pgbench's transaction log could not be read: ${errorMessage(err)}`, { cause: err }));
  }
}

// A writer that comes and goes marks the pipe's end for its reader (Linux reports hang-up
// only after a writer has been seen), whether pgbench ever opened it or not. Non-blocking, so
// it cannot wait; ENXIO: the reader has already ended or failed, and its promise says how.
async function endOfFile(file: string): Promise<void> {
  let fd: number;
  try {
    fd = await openFd(file, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') return;
    throw err;
  }
  await closeFd(fd);
}
