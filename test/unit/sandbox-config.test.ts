import { describe, expect, it } from 'vitest';
import { withSandboxConfig } from '../../lib/postgres/sandbox-config';

describe('withSandboxConfig', () => {
  const initdbConf = "max_connections = 100\n#port = 5432\n";

  it('appends loopback, port, socket folder and pg_stat_statements', () => {
    const conf = withSandboxConfig(initdbConf, { port: 40001, socketDir: "/tmp/it's", pgStatStatements: true });
    expect(conf.startsWith(initdbConf)).toBe(true);
    expect(conf).toContain("listen_addresses = '127.0.0.1'\nport = 40001\nunix_socket_directories = '/tmp/it''s'\nshared_preload_libraries = 'pg_stat_statements'\n");
  });

  it('replaces its block instead of adding a second one', () => {
    const first = withSandboxConfig(initdbConf, { port: 40001, socketDir: '/s', pgStatStatements: true });
    const second = withSandboxConfig(first, { port: 40002, socketDir: '/s', pgStatStatements: false });
    expect(second).toBe(withSandboxConfig(initdbConf, { port: 40002, socketDir: '/s', pgStatStatements: false }));
    expect(second).not.toContain('40001');
    expect(second).not.toContain('shared_preload_libraries');
  });
});
