#!/usr/bin/env node
import { Command } from 'commander';
import { runCli } from './run-cli';
import { registerSandboxCommands } from './commands/sandbox';
import { registerServeCommands } from './commands/serve';

const program = new Command()
  .name('pg-autotune')
  .description('Tune a PostgreSQL server with reinforcement learning, verified by repeated pgbench runs.')
  .showHelpAfterError();

registerSandboxCommands(program);
registerServeCommands(program);

void runCli(program, process.argv);
