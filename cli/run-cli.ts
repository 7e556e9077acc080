import type { Command } from 'commander';
import { AutotuneError, errorMessage } from '../lib/core/errors';
import { exitCodeOf } from './exit-codes';

/**
 * Runs the program and turns every error into one line on stderr and a non-zero exit code
 * that says its kind (EXIT_CODES): users see what went wrong and what to do, never a stack
 * trace (PG_AUTOTUNE_DEBUG=1 shows it).
 */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const prefix = err instanceof AutotuneError ? `${err.code.toLowerCase().replace(/_/g, ' ')}: ` : '';
    process.stderr.write(`pg-autotune: ${prefix}${errorMessage(err)}\n`);
    if (process.env.PG_AUTOTUNE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCodeOf(err);
  }
}
