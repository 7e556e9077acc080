import { closeSync, fstat, mkdtempSync, openSync, read, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const fstatAsync = promisify(fstat);
const readAsync = promisify(read);

/**
 * Two unnamed files for a detached program's stdout and stderr (run-program.ts). The files
 * are unlinked as soon as they are open: the program writes through the descriptors it
 * inherits, this process reads through its own, and nothing is left on disk whichever of the
 * two dies first. A pipe would instead hand the program SIGPIPE once this process is gone
 * (pg_ctl killed between stopping the server and starting it again).
 */
export class OutputFiles {
  private constructor(
    readonly stdoutFd: number,
    readonly stderrFd: number,
  ) {}

  static create(): OutputFiles {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-autotune-output-'));
    try {
      const stdoutFd = openSync(path.join(dir, 'stdout'), 'w+', 0o600);
      const stderrFd = openSync(path.join(dir, 'stderr'), 'w+', 0o600);
      return new OutputFiles(stdoutFd, stderrFd);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The last `maxChars` bytes of each stream (as UTF-8; a character cut at the start is dropped). */
  async tails(maxChars: number): Promise<{ stdout: string; stderr: string }> {
    return { stdout: await readTail(this.stdoutFd, maxChars), stderr: await readTail(this.stderrFd, maxChars) };
  }

  close(): void {
    for (const fd of [this.stdoutFd, this.stderrFd]) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
  }
}

// A positional read leaves the file offset, which the writer shares, where it is.
async function readTail(fd: number, maxChars: number): Promise<string> {
  const { size } = await fstatAsync(fd);
  const length = Math.min(size, maxChars);
  const buffer = Buffer.alloc(length);
  await readAsync(fd, buffer, 0, length, size - length);
  return buffer.toString('utf8').replace(/^\uFFFD+/, '');
}
