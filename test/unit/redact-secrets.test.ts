import { describe, expect, it } from 'vitest';
import { redactSecrets, toStoredJson } from '../../lib/core/redact-secrets';
import { quoteIdentifier } from '../../lib/store/sql-identifier';

describe('redactSecrets', () => {
  it('drops the password of a URL and keeps the rest', () => {
    expect(redactSecrets('connect postgres://app:s3cr%40t@db.example:5432/prod failed')).toBe(
      'connect postgres://app@db.example:5432/prod failed',
    );
    expect(redactSecrets('redis://:hunter2@127.0.0.1:6379/0')).toBe('redis://@127.0.0.1:6379/0');
  });

  it('drops the whole password when it holds @, /, % or : (typed raw or escaped)', () => {
    for (const password of ['p@ss', 'pa/ss', 'p%40ss', 'pa:ss', 'a@b/c:d%e@f']) {
      const out = redactSecrets(`could not connect to postgres://app:${password}@db.example:5432/prod`);
      expect(out).toBe('could not connect to postgres://app@db.example:5432/prod');
    }
  });

  it('redacts key=value passwords, quoted or not, and PGPASSWORD', () => {
    // libpq quotes with '...' and escapes with a backslash
    expect(redactSecrets("host=db password='it\\'s x' user=app")).toBe('host=db password=[redacted] user=app');
    expect(redactSecrets('host=db password=abc user=app')).toBe('host=db password=[redacted] user=app');
    expect(redactSecrets('PGPASSWORD=abc pgbench -i')).toBe('PGPASSWORD=[redacted] pgbench -i');
  });

  it('redacts "password" members of JSON', () => {
    expect(toStoredJson({ target: { password: 'a"b', user: 'app' } })).toBe('{"target":{"password":"[redacted]","user":"app"}}');
  });

  it('leaves text without secrets alone', () => {
    const text = 'postgres://app@db:5432/prod work_mem=4096 http://example.com/a:b';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('quoteIdentifier', () => {
  it('quotes plain lower-case identifiers, reserved words included', () => {
    expect(quoteIdentifier('pg_autotune', 'database')).toBe('"pg_autotune"');
    expect(quoteIdentifier('user', 'schema')).toBe('"user"');
  });

  it('refuses anything that would need escaping', () => {
    for (const bad of ['', 'Upper', '1abc', 'a-b', 'a"b', 'a;drop', 'x'.repeat(64)]) {
      expect(() => quoteIdentifier(bad, 'schema')).toThrow(/^schema: /);
    }
  });
});
