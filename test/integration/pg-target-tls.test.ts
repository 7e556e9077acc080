import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBinaries } from '../../lib/postgres/pg-binaries';
import { PgTarget } from '../../lib/postgres/pg-target';
import { resolveServerUser } from '../../lib/postgres/server-user';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

// A throwaway server with TLS on (self-signed certificate for IP 127.0.0.1): the DSN's
// sslmode must reach node-postgres and pgbench's libpq alike, never be dropped.
let sandbox: SandboxFixture;
let certFile: string;
let otherCaFile: string;

function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

async function usesTls(target: PgTarget): Promise<boolean> {
  const client = new Client(target.clientConfig({ connectionTimeoutMillis: 5_000 }));
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]!.ssl;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  sandbox = await startSandbox();
  // In the data directory: the server's OS user can read nothing else of ours.
  const server = selfSigned(sandbox.dataDir, 'server');
  certFile = server.cert;
  otherCaFile = selfSigned(sandbox.baseDir, 'other').cert;
  chmodSync(server.key, 0o600);
  const owner = resolveServerUser();
  if (owner) for (const file of [server.cert, server.key]) chownSync(file, owner.uid, owner.gid);
  const client = new Client(sandbox.target.clientConfig());
  await client.connect();
  await client.query(`ALTER SYSTEM SET ssl_cert_file = '${server.cert}'`);
  await client.query(`ALTER SYSTEM SET ssl_key_file = '${server.key}'`);
  await client.query('ALTER SYSTEM SET ssl = on');
  await client.query('SELECT pg_reload_conf()');
  await client.end();
  await new Promise((r) => setTimeout(r, 500));
});

afterAll(async () => {
  await sandbox?.stop();
});

describe('DSN connection options against a TLS server', () => {
  it('connects without TLS when the DSN asks for none, and with TLS for sslmode=require', async () => {
    expect(await usesTls(PgTarget.fromDsn(sandbox.dsn, {}))).toBe(false);
    expect(await usesTls(PgTarget.fromDsn(`${sandbox.dsn}?sslmode=require`, {}))).toBe(true);
    expect(await usesTls(PgTarget.fromDsn(`host=127.0.0.1 port=${sandbox.port} user=postgres dbname=pgbench sslmode=require`, {}))).toBe(true);
  });

  it('verify-full accepts the right root certificate and refuses another', async () => {
    expect(await usesTls(PgTarget.fromDsn(`${sandbox.dsn}?sslmode=verify-full&sslrootcert=${encodeURIComponent(certFile)}`, {}))).toBe(true);
    await expect(usesTls(PgTarget.fromDsn(`${sandbox.dsn}?sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCaFile)}`, {}))).rejects.toThrow(
      /certificate/i,
    );
  });

  it('keeps TLS through describe() and hands it to libpq programs', async () => {
    const target = PgTarget.fromDsn(`${sandbox.dsn}?sslmode=require&application_name=at-test`, {});
    const rebuilt = PgTarget.fromDsn(target.describe(), {});
    expect(await usesTls(rebuilt)).toBe(true);
    const psql = path.join(findPgBinaries().binDir, 'psql');
    const out = execFileSync(psql, ['-XAtc', 'SELECT ssl, current_setting(\'application_name\') FROM pg_stat_ssl WHERE pid = pg_backend_pid()'], {
      env: rebuilt.childEnv({ PATH: process.env.PATH }),
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('t|at-test');
  });

  it('reads the password from a DSN passfile', async () => {
    const passfile = path.join(sandbox.baseDir, 'pgpass');
    writeFileSync(passfile, `# comment\nother:1:*:*:nope\n127.0.0.1:${sandbox.port}:*:postgres:pa\\:ss\n`, { mode: 0o600 });
    const target = PgTarget.fromDsn(`${sandbox.dsn}?passfile=${encodeURIComponent(passfile)}`, {});
    expect(target.password).toBe('pa:ss');
    expect(target.describe()).not.toContain('pa:ss');
  });
});
