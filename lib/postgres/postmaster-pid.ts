/**
 * What a running server wrote into `<data dir>/postmaster.pid`: how to reach it without its
 * configuration (a collector given only --data-dir finds the port and socket folder here).
 */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  startedAt: Date;
  port: number;
  /** The first of unix_socket_directories; undefined when the server has no Unix socket. */
  socketDir?: string;
  /** The first of listen_addresses ('*', 'localhost', an address); undefined when TCP is off. */
  listenAddress?: string;
  /** 'starting', 'stopping', 'ready' or 'standby'; undefined for servers too old to write it. */
  status?: string;
}

// Line numbers from PostgreSQL's pidfile.h (LOCK_FILE_LINE_*), one-based there.
const LINE = { pid: 0, dataDir: 1, startTime: 2, port: 3, socketDir: 4, listenAddr: 5, status: 7 } as const;

/** Parses postmaster.pid; undefined when it is incomplete (the server is still writing it). */
export function parsePostmasterPid(text: string): PostmasterPid | undefined {
  const lines = text.split('\n');
  const at = (index: number) => lines[index]?.trim() ?? '';
  const pid = Number(at(LINE.pid));
  const port = Number(at(LINE.port));
  const startTime = Number(at(LINE.startTime));
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !Number.isFinite(startTime)) return undefined;
  const socketDir = at(LINE.socketDir);
  const listenAddress = at(LINE.listenAddr);
  const status = at(LINE.status);
  return {
    pid,
    dataDir: at(LINE.dataDir),
    startedAt: new Date(startTime * 1000),
    port,
    ...(socketDir ? { socketDir } : {}),
    ...(listenAddress ? { listenAddress } : {}),
    ...(status ? { status } : {}),
  };
}
