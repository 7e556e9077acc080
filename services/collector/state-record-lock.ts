import { readFileSync } from 'node:fs';
import { link, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { FailedPreconditionError } from '../../lib/core/errors';

/** Who holds a lock: a process is told apart from a later one with its pid by its start time and the boot. */
interface LockOwner {
  pid: number;
  /** /proc/PID/stat field 22, clock ticks since boot. */
  startTime: string;
  bootId: string;
}

/**
 * One live collector per state record: the record of a server's original configuration
 * (original-config-file.ts) is read, restored from and rewritten by one collector only, the
 * one holding `<record>.lock`. A second collector for that server (another `serve all`, a
 * `serve collector` started by hand, on the same state folder) would otherwise "restore" the
 * live one's change under its session, or overwrite its "change in progress".
 *
 * Node has no flock, so the lock is a file made with link(2), which fails when the name exists
 * and never shows a half-written file: it names its owner's pid, start time and boot. A lock
 * whose owner is gone (no such process, a zombie, another start time or boot: a pid reused)
 * is stale and taken over; that is safe with two newcomers at once because only the one that
 * creates `<lock>.takeover-<pid>-<start>` (the same rule, one level down, so a taker killed
 * there does not block either) may remove that owner's lock, and it removes it only while it
 * still names that owner.
 */
export class StateRecordLock {
  private constructor(
    private readonly file: string,
    private readonly me: string,
  ) {}

  /**
   * @param recordFile the record this lock guards; `stateDir` is named in the refusal.
   * @throws FailedPreconditionError naming the state folder and the owner's pid while a live collector holds it.
   */
  static async acquire(recordFile: string, stateDir: string): Promise<StateRecordLock> {
    const file = `${recordFile}.lock`;
    const self = ownerOf(process.pid);
    if (self === undefined) throw new Error('/proc/self/stat is not readable: a collector needs Linux /proc to lock its state record');
    const me = `${JSON.stringify(self)}\n`;
    const blocker = await claim(file, me);
    if (blocker !== undefined) {
      throw new FailedPreconditionError(
        `another collector (pid ${blocker.pid}) is running for this server with state dir ${stateDir}: ` +
          'stop it first, or give this one another --state-dir',
      );
    }
    return new StateRecordLock(file, me);
  }

  /** Whether this is the lock of `recordFile`. */
  guards(recordFile: string): boolean {
    return this.file === `${recordFile}.lock`;
  }

  /** Removes the lock if it is still this process's (a clean exit). */
  async release(): Promise<void> {
    if ((await readFile(this.file, 'utf8').catch(() => undefined)) === this.me) await unlink(this.file).catch(() => undefined);
  }
}

/** Makes `file` name this process, taking it over from a gone owner; the live owner that holds it, if any. */
async function claim(file: string, me: string): Promise<LockOwner | undefined> {
  for (;;) {
    if (await linkNew(file, me)) return undefined;
    const owner = await readOwner(file);
    if (owner === null) continue; // removed in the meantime: try again
    if (owner !== undefined && isAlive(owner)) return owner;
    const takeover = `${file}.takeover-${owner?.pid ?? 'unreadable'}-${owner?.startTime ?? ''}`;
    const taker = await claim(takeover, me);
    // Another newcomer is taking it over: it is the one that will hold it.
    if (taker !== undefined) return taker;
    try {
      const still = await readOwner(file);
      if (still !== null && JSON.stringify(still) === JSON.stringify(owner)) await unlink(file);
    } finally {
      await unlink(takeover).catch(() => undefined);
    }
  }
}

/** Creates `file` with `text` whole, or false when the name is taken. */
async function linkNew(file: string, text: string): Promise<boolean> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The owner a lock names; null when there is no lock, undefined when it is not one (no live owner wrote it). */
async function readOwner(file: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(parsed.pid) && typeof parsed.startTime === 'string' && typeof parsed.bootId === 'string') {
      return { pid: parsed.pid!, startTime: parsed.startTime, bootId: parsed.bootId };
    }
  } catch {
    // not JSON: not a lock any collector wrote
  }
  return undefined;
}

function isAlive(owner: LockOwner): boolean {
  const now = ownerOf(owner.pid);
  return now !== undefined && now.startTime === owner.startTime && now.bootId === owner.bootId;
}

/** What identifies process `pid` now; undefined when there is none (or only its zombie). */
function ownerOf(pid: number): LockOwner | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (the command) is in parentheses and may hold spaces and ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { pid, startTime: fields[19]!, bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() };
}
