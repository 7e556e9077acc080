/**
 * Whether a process with this pid exists: kill(pid, 0) checks without signalling, and EPERM
 * means it exists but belongs to another user (a postmaster running as postgres).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
