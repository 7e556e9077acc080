import { createServer } from 'node:net';

/**
 * A TCP port on `host` that is free now: the kernel picks one (bind to port 0), and a second
 * bind checks nobody took it meanwhile. Another process can still take it before the server
 * binds, so callers retry on "Address already in use" (ServerStartError.portInUse).
 * @defaultValue host '127.0.0.1'
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await bind(host, 0);
    if ((await bind(host, port).catch(() => undefined)) === port) return port;
  }
}

function bind(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
