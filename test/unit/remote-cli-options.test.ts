import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDeregisterCommand } from '../../cli/commands/deregister';
import { registerInstancesCommand } from '../../cli/commands/instances';
import { registerRecommendCommand } from '../../cli/commands/recommend';
import { registerRegisterCommand } from '../../cli/commands/register';
import { registerSessionsCommands } from '../../cli/commands/sessions';
import { registerTuneCommand } from '../../cli/commands/tune';
import { EXIT_CODES, exitCodeOf } from '../../cli/exit-codes';
import { tuneSessionOptions } from '../../cli/remote/session-flags';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';

describe('sessions start takes the session options of tune', () => {
  const borrowed = tuneSessionOptions().map((o) => o.long);

  it("has tune's session flags, with tune's parsers", () => {
    expect(borrowed).toEqual(expect.arrayContaining(['--iterations', '--duration', '--workload', '--preset', '--knobs', '--agent', '--verify', '--min-gain', '--start-config', '--apply-best']));
    const iterations = tuneSessionOptions().find((o) => o.long === '--iterations')!;
    expect(() => iterations.parseArg!('0', undefined)).toThrow(InvalidArgumentError);
  });

  it("leaves out what only means something on tune's own host", () => {
    for (const local of ['--sandbox', '--target', '--data-dir', '--restart-command', '--scale', '--workloads', '--store', '--redis', '--resume', '--json', '--report']) {
      expect(borrowed).not.toContain(local);
    }
  });

  it('is every other flag of tune, so a flag added there is here too', () => {
    const program = new Command();
    registerTuneCommand(program);
    const tune = program.commands[0]!.options.map((o) => o.long);
    expect(tune.length - borrowed.length).toBe(11);
  });
});

describe('exit codes', () => {
  it('tell the kinds of failure apart; bad input stays 1', () => {
    expect(exitCodeOf(new InvalidArgumentError('x', 'bad'))).toBe(1);
    expect(exitCodeOf(new NotFoundError('no'))).toBe(3);
    expect(exitCodeOf(new FailedPreconditionError('busy'))).toBe(4);
    expect(exitCodeOf(new UnavailableError('down'))).toBe(5);
    expect(exitCodeOf(Object.assign(new Error('pg'), { code: '42P01' }))).toBe(1);
    expect(exitCodeOf('a string')).toBe(1);
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length - 1);
  });
});

describe('--help of the remote commands', () => {
  it('ends with an example on every command and subcommand', () => {
    const program = new Command();
    for (const register of [registerRegisterCommand, registerInstancesCommand, registerDeregisterCommand, registerSessionsCommands, registerRecommendCommand]) {
      register(program);
    }
    const commands = program.commands.flatMap((c) => [c, ...c.commands]);
    expect(commands.map((c) => c.name())).toEqual(['register', 'instances', 'deregister', 'sessions', 'start', 'list', 'status', 'watch', 'stop', 'recommend']);
    for (const command of commands) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      expect(help, command.name()).toMatch(/\nExamples?:\n( {2}.*\n)*? {2}\$ pg-autotune /);
    }
  });
});
