/**
 * A command that a pg-autotune process started with an IPC channel (`serve all` starting the
 * collector of a registered target: cli/stack/target-collector-process.ts) stops when that
 * parent is gone, however it went. The kernel closes the channel's socket when the parent
 * exits, SIGKILL and crashes included, and Node reports 'disconnect' at once: no polling of
 * process.ppid (which is late, and says nothing under a subreaper) and no PR_SET_PDEATHSIG
 * (not reachable from Node). The command then stops exactly as on SIGTERM from its parent:
 * the collector puts back an unfinished change. Without a channel (a person, a service
 * manager or a test started it) nothing changes.
 */
export function stopWithParent(): void {
  const channel = process.channel;
  if (!channel) return;
  process.once('disconnect', () => {
    // Its stdout and stderr may be pipes the parent read: writes fail with EPIPE now. The logger
    // drops its lines then by itself (pino); anything else written there (a Node warning, the
    // CLI's last error line) would throw out of the shutdown.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    // The command's own SIGTERM handler, when it has one (serve: untilSignal); a real SIGTERM
    // would kill a command that is stopping already. Before it has one (still starting), the signal's default: exit.
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM', 'SIGTERM');
    else process.kill(process.pid, 'SIGTERM');
  });
  // The listener refs the channel; the command's own work, not its lifeline, keeps it running.
  channel.unref();
}
