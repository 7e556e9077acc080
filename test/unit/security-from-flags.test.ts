import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientSecurityFromFlags, serverSecurityFromFlags } from '../../cli/security-from-flags';

const env = { PG_AUTOTUNE_TOKEN: randomBytes(20).toString('hex') };

describe('serve security flags', () => {
  it('gives the server and its clients the one token, and TLS only with both files', () => {
    const client = clientSecurityFromFlags({ tlsCa: 'ca.pem' }, env);
    expect(client.token?.matches(`Bearer ${env.PG_AUTOTUNE_TOKEN}`)).toBe(true);
    expect(client.tls).toEqual({ caFile: 'ca.pem', certFile: undefined, keyFile: undefined });
    const server = serverSecurityFromFlags({ tlsCert: 'c.pem', tlsKey: 'k.pem', tlsClientCa: 'ca.pem' }, client);
    expect(server.token).toBe(client.token);
    expect(server.tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem', clientCaFile: 'ca.pem' });
    expect(serverSecurityFromFlags({}, clientSecurityFromFlags({}, {}))).toEqual({ token: undefined, tls: undefined, insecure: undefined });
  });

  it('names the missing half of a certificate and key pair', () => {
    expect(() => serverSecurityFromFlags({ tlsCert: 'c.pem' }, {})).toThrow(/^--tls-key: needed with --tls-cert/);
    expect(() => serverSecurityFromFlags({ tlsKey: 'k.pem' }, {})).toThrow(/^--tls-cert: needed with --tls-key/);
    expect(() => serverSecurityFromFlags({ tlsClientCa: 'ca.pem' }, {})).toThrow(/^--tls-client-ca: mutual TLS needs --tls-cert/);
    expect(() => clientSecurityFromFlags({ tlsClientCert: 'c.pem', tlsCa: 'ca.pem' }, {})).toThrow(/^--tls-client-key: needed with --tls-client-cert/);
    expect(() => clientSecurityFromFlags({ tlsClientCert: 'c.pem', tlsClientKey: 'k.pem' }, {})).toThrow(/^--tls-client-cert: mutual TLS needs --tls-ca/);
  });
});
