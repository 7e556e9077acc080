import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { checkInstanceTarget, INSTANCE_TARGET_LIMITS } from '../../lib/session/instance-target';

/** The refusal a target gets, or a failure when it is accepted. */
function refusal(target: string, dataDir?: string): InvalidArgumentError {
  try {
    checkInstanceTarget({ target, dataDir });
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`accepted: ${target.slice(0, 200)}`);
}

/**
 * The hostile targets a reviewer registered (issue: register by target's security holes):
 * each is refused naming the field, none is stored changed or with a part silently dropped.
 */
describe('checkInstanceTarget: a registered target', () => {
  it('accepts postgres:// and postgresql:// URLs and key=value strings with the allowed options, stored explicit', () => {
    expect(checkInstanceTarget({ target: 'postgresql://app@db.example:5433/orders?sslmode=require&application_name=tuner' }).target).toBe(
      'postgres://app@db.example:5433/orders?sslmode=require&application_name=tuner',
    );
    expect(checkInstanceTarget({ target: 'host=db.example port=5433 user=app dbname=orders sslmode=disable' }).target).toBe(
      'postgres://app@db.example:5433/orders?sslmode=disable',
    );
  });

  it(`refuses a target longer than ${INSTANCE_TARGET_LIMITS.targetMaxLength} characters without quoting it`, () => {
    const huge = `postgres://postgres@127.0.0.1:5432/${'x'.repeat(300_000)}`;
    const err = refusal(huge);
    expect(err.field).toBe('target');
    expect(err.message).toMatch(/must be at most 1024 characters, got 300035$/);
    expect(err.message.length).toBeLessThan(200);
    expect(refusal('postgres://postgres@127.0.0.1/x', `/${'d'.repeat(5_000)}`).field).toBe('data_dir');
  });

  it('refuses schemes other than postgres:// and postgresql:// instead of storing them as postgres://', () => {
    const err = refusal('mysql://u@h/x');
    expect(err.field).toBe('target');
    expect(err.message).toMatch(/postgres:\/\/ or postgresql:\/\/ .* got scheme "mysql:\/\/"/);
    expect(refusal('http://u@h:5432/x').message).toMatch(/got scheme "http:\/\/"/);
  });

  it('refuses a password however it is spelt: userinfo, a parameter, a percent-encoded parameter name, key=value', () => {
    for (const target of [
      'postgres://u:zz@h/x',
      'postgres://u@h/x?password=zz',
      'postgres://u@h/x?pass%77ord=zz',
      'postgres://u@h/x?%70assword=zz',
      "host=h dbname=x password='zz'",
    ]) {
      const err = refusal(target);
      expect(err.field, target).toBe('target');
      expect(err.message, target).toMatch(/holds a password: .*passfile/);
      expect(err.message, target).not.toContain('zz');
    }
  });

  it('refuses options (server settings for the superuser connection), passfile and the options PgTarget does not honour, by name', () => {
    for (const [target, name] of [
      ['postgres://u@h/x?options=-c%20log_statement%3Dall', 'options'],
      ['host=h dbname=x options=-cwork_mem=1GB', 'options'],
      ['postgres://u@h/x?%6Fptions=-c%20a%3Db', 'options'],
      ['postgres://u@h/x?passfile=/root/.pgpass', 'passfile'],
      ['postgres://u@h/x?connect_timeout=5', 'connect_timeout'],
      ['postgres://u@h/x?target_session_attrs=read-write', 'target_session_attrs'],
      ['postgres://u@h/x?sslmdoe=require', 'sslmdoe'],
      ['host=h hostaddr=10.0.0.1 dbname=x', 'hostaddr'],
    ] as const) {
      const err = refusal(target);
      expect(err.field, target).toBe('target');
      expect(err.message, target).toContain(`connection option "${name}" is not allowed in a registered target; allowed: host, port, user, dbname, sslmode`);
    }
  });

  it('names the fields the caller gives (the instance file its lines)', () => {
    expect(() => checkInstanceTarget({ target: 'mysql://u@h/x' }, { target: 'f.yaml:2: target', dataDir: 'f.yaml:3: data_dir' })).toThrow(/^f\.yaml:2: target: /);
  });
});
