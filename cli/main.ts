#!/usr/bin/env node
import { Command } from 'commander';
import { registerApproveCommand } from './commands/approve';
import { registerReportCommand } from './commands/report';
import { registerRejectCommand } from './commands/reject';
import { registerRollbackCommand } from './commands/rollback';
import { registerDeregisterCommand } from './commands/deregister';
import { registerInstancesCommand } from './commands/instances';
import { registerRecommendCommand } from './commands/recommend';
import { registerRegisterCommand } from './commands/register';
import { registerSessionsCommands } from './commands/sessions';
import { registerSandboxCommands } from './commands/sandbox';
import { registerServeCommands } from './commands/serve';
import { registerTuneCommand } from './commands/tune';
import { runCli } from './run-cli';
import { asStackClient } from './security-from-flags';
import { scrubArgv } from './scrub-argv';

scrubArgv(process.argv, (line) => process.stderr.write(`${line}\n`));

const program = new Command()
  .name('pg-autotune')
  .description('Tune a PostgreSQL server with reinforcement learning, verified by repeated pgbench runs.')
  .showHelpAfterError();

registerTuneCommand(program);
registerReportCommand(program);
registerSandboxCommands(program);
registerServeCommands(program);
// Clients of a running stack (serve discovery / serve recommendation).
registerRegisterCommand(program);
registerInstancesCommand(program);
registerDeregisterCommand(program);
registerSessionsCommands(program);
registerRecommendCommand(program);
registerApproveCommand(program);
registerRejectCommand(program);
registerRollbackCommand(program);
// Each of them (every leaf: `sessions start`, `sessions list`, ...) takes --token-file and the TLS flags.
const STACK_CLIENTS = new Set(['register', 'instances', 'deregister', 'sessions', 'recommend', 'approve', 'reject', 'rollback', 'report']);
const leaves = (command: Command): Command[] => (command.commands.length ? command.commands.flatMap(leaves) : [command]);
for (const command of program.commands) if (STACK_CLIENTS.has(command.name())) leaves(command).forEach(asStackClient);

void runCli(program, process.argv);
