import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { parseInstanceFile } from '../../cli/remote/instance-file';

/** The error a file gets, or a failure when it is accepted. */
function refusal(text: string): InvalidArgumentError {
  try {
    parseInstanceFile(text, 'instance.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return err as InvalidArgumentError;
  }
  throw new Error(`accepted:\n${text}`);
}

describe('instance files (register --config)', () => {
  it('reads name and collector, comments and quoting as YAML has them', () => {
    const file = parseInstanceFile('# orders\nname: "orders-db"\ncollector: 10.0.0.12:7002  # its collector\n', 'instance.yaml');
    expect({ name: file.name, collector: file.collector }).toEqual({ name: 'orders-db', collector: '10.0.0.12:7002' });
  });

  it('names the line and the key of a value of the wrong type', () => {
    expect(refusal('name: db-1\n\ncollector: 7002\n').message).toBe(
      'instance.yaml:3: collector: must be a string host:port, e.g. collector: 127.0.0.1:7002',
    );
    expect(refusal('name: [db-1]\ncollector: 127.0.0.1:7002\n').message).toMatch(/^instance\.yaml:1: name: must be a string/);
  });

  it("checks the collector's address with the services' rule, at its line", () => {
    expect(refusal('name: db-1\ncollector: http://db:7002\n').message).toMatch(/^instance\.yaml:2: collector: the collector's address: "http:\/\/db:7002" is not host:port/);
    expect(refusal('name: db-1\ncollector: db:99999\n').message).toMatch(/^instance\.yaml:2: collector: .*port must be in 1\.\.65535/);
  });

  it('refuses unknown keys by name and line, saying which are allowed', () => {
    const err = refusal('name: db-1\ncollector: 127.0.0.1:7002\ncolector: x\n');
    expect(err.field).toBe('instance.yaml:3');
    expect(err.message).toBe('instance.yaml:3: unknown key "colector" (allowed: name, collector)');
  });

  it('says what to do instead for the keys RegisterInstance does not carry', () => {
    const err = refusal('name: db-1\ntarget: postgres://u@db/bench\ncollector: 127.0.0.1:7002\nworkload: select-only\nlabels:\n  team: a\n');
    expect(err.message).toMatch(/^instance\.yaml:2: target: .*serve all.*serve collector --target DSN/);
    expect(err.message).toContain('instance.yaml:4: workload: is not kept with the instance');
    expect(err.message).toContain('instance.yaml:5: labels: are not carried by RegisterInstance yet');
    // Never the file's values: the DSN stays out of the message.
    expect(err.message).not.toContain('postgres://');
  });

  it('reports a missing key at the mapping, and every problem in file order', () => {
    expect(refusal('name: db-1\n').message).toBe('instance.yaml:1: collector: is required');
    const parts = refusal('\n\nfoo: 1\nname: 2\n').message.split('; ');
    expect(parts).toHaveLength(3);
    expect(parts).toContain('instance.yaml:3: unknown key "foo" (allowed: name, collector)');
    expect(parts).toContain('instance.yaml:3: collector: is required');
    expect(parts.at(-1)).toMatch(/^instance\.yaml:4: name: must be a string/);
  });

  it('refuses what is not a YAML mapping, naming the line and not quoting the file', () => {
    expect(refusal('').message).toBe('instance.yaml:1: expected a mapping of keys (name, collector)');
    expect(refusal('- name: db-1\n').message).toBe('instance.yaml:1: expected a mapping of keys (name, collector)');
    const bad = refusal('name: db-1\ncollector: [secret-host:7002\n');
    expect(bad.message).toMatch(/^instance\.yaml:\d+: not valid YAML: /);
    expect(bad.message).not.toContain('secret-host');
    expect(refusal('name: a\nname: b\ncollector: db:7002\n').message).toBe('instance.yaml:2: not valid YAML: Map keys must be unique');
  });

  it("points a field the service refused at the key's line", () => {
    const file = parseInstanceFile('collector: 127.0.0.1:7002\nname: Orders\n', 'instance.yaml');
    expect(file.problemAt('name', 'must match [a-z0-9][a-z0-9_-]*').message).toBe('instance.yaml:2: name: must match [a-z0-9][a-z0-9_-]*');
    expect(file.problemAt('collector_address', 'bad').message).toBe('instance.yaml:1: collector: bad');
  });
});
