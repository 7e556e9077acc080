import { describe, expect, it } from 'vitest';
import { parsePostmasterPid } from '../../lib/postgres/postmaster-pid';

describe('parsePostmasterPid', () => {
  it('reads pid, port, socket folder, listen address and status', () => {
    const text = ['12085', '/tmp/x/data', '1795623890', '54999', '/tmp/x', 'localhost', '  2146891        13', 'ready   ', ''].join('\n');
    expect(parsePostmasterPid(text)).toEqual({
      pid: 12085,
      dataDir: '/tmp/x/data',
      startedAt: new Date(1795623890 * 1000),
      port: 54999,
      socketDir: '/tmp/x',
      listenAddress: 'localhost',
      status: 'ready',
    });
  });

  it('leaves out a socket folder and listen address the server does not have', () => {
    const parsed = parsePostmasterPid(['7', '/d', '1700000000', '5433', '', '', '', 'starting'].join('\n'));
    expect(parsed).toEqual({ pid: 7, dataDir: '/d', startedAt: new Date(1700000000 * 1000), port: 5433, status: 'starting' });
  });

  it('answers undefined for a file the server is still writing', () => {
    expect(parsePostmasterPid('12085\n/tmp/x/data\n')).toBeUndefined();
    expect(parsePostmasterPid('')).toBeUndefined();
  });
});
