import { Command } from 'commander';
import { vi } from 'vitest';
import { registerApproveCommand } from '../../cli/commands/approve';
import { registerDeregisterCommand } from '../../cli/commands/deregister';
import { registerInstancesCommand } from '../../cli/commands/instances';
import { registerRecommendCommand } from '../../cli/commands/recommend';
import { registerRegisterCommand } from '../../cli/commands/register';
import { registerRejectCommand } from '../../cli/commands/reject';
import { registerRollbackCommand } from '../../cli/commands/rollback';
import { registerSessionsCommands } from '../../cli/commands/sessions';
import { runCli } from '../../cli/run-cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pg-autotune ARGS` of the remote commands in this process, through the same runCli
 * that cli/main.ts uses (errors to one stderr line, exit code by kind), capturing what it
 * writes. Starting tsx per command costs seconds on a busy machine; test/helpers/run-cli.ts
 * runs the real binary where the wiring of main.ts is the point.
 */
export async function runCliInProcess(args: string[]): Promise<CliResult> {
  const program = new Command().name('pg-autotune').exitOverride();
  for (const register of [registerRegisterCommand, registerInstancesCommand, registerDeregisterCommand, registerSessionsCommands, registerRecommendCommand, registerApproveCommand, registerRejectCommand, registerRollbackCommand]) {
    register(program);
  }
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: unknown) => {
    append(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(program, ['node', 'pg-autotune', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = before;
    out.mockRestore();
    err.mockRestore();
  }
}
