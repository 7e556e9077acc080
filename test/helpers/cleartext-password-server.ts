import { createServer, type Server, type Socket } from 'node:net';

/** What a client told the fake server: one entry per connection. */
export interface CleartextLogin {
  user: string;
  database: string;
  /** The PasswordMessage it sent, null when it sent none before closing. */
  password: string | null;
}

export interface CleartextPasswordServer {
  readonly port: number;
  readonly logins: CleartextLogin[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;

/**
 * A hostile "PostgreSQL server" on loopback, as an attacker would register it as a target:
 * it answers the startup message with AuthenticationCleartextPassword, records what the
 * client sends back, then refuses the login (28P01). Just enough of the protocol for libpq
 * and node-postgres: SSLRequest answered 'N', the startup packet, one PasswordMessage.
 */
export async function startCleartextPasswordServer(): Promise<CleartextPasswordServer> {
  const logins: CleartextLogin[] = [];
  const server: Server = createServer((socket) => serve(socket, logins));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function serve(socket: Socket, logins: CleartextLogin[]): void {
  let buffer = Buffer.alloc(0);
  let login: CleartextLogin | undefined;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (login === undefined) {
        // Untyped packets: length, then code or protocol version, then key\0value\0 pairs.
        if (buffer.length < 8 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        const body = buffer.subarray(8, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST) {
          socket.write('N');
          continue;
        }
        const words = body.toString('utf8').split('\0');
        const params = new Map<string, string>();
        for (let i = 0; i + 1 < words.length; i += 2) params.set(words[i]!, words[i + 1]!);
        login = { user: params.get('user') ?? '', database: params.get('database') ?? '', password: null };
        logins.push(login);
        const cleartext = Buffer.alloc(9);
        cleartext.write('R', 0);
        cleartext.writeInt32BE(8, 1);
        cleartext.writeInt32BE(3, 5);
        socket.write(cleartext);
      } else {
        // Typed packets: a byte, then the length (itself included).
        if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
        const type = String.fromCharCode(buffer[0]!);
        const body = buffer.subarray(5, 1 + buffer.readInt32BE(1));
        buffer = buffer.subarray(1 + buffer.readInt32BE(1));
        if (type === 'p') login.password = body.toString('utf8').replace(/\0$/, '');
        socket.end(errorResponse('28P01', `password authentication failed for user "${login.user}"`));
        return;
      }
    }
  });
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}
