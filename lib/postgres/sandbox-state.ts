import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { FailedPreconditionError } from '../core/errors';

/** The sandbox's state file (sandbox.json): how to reach the server and what it holds. */
export const SandboxStateSchema = z.object({
  version: z.literal(1),
  dataDir: z.string(),
  socketDir: z.string(),
  port: z.number().int(),
  /** postgres://postgres@127.0.0.1:<port>/pgbench: trust authentication, no password. */
  dsn: z.string(),
  database: z.string(),
  /** The pgbench scale factor loaded. */
  scale: z.number().int(),
  /** ISO 8601. */
  createdAt: z.string(),
  /** The postmaster's pid at the last start. */
  pid: z.number().int(),
});

export type SandboxState = z.infer<typeof SandboxStateSchema>;

/**
 * Reads the state file; undefined when there is none.
 * @throws FailedPreconditionError when it is damaged (then `sandbox down` removes the sandbox).
 */
export async function readSandboxState(file: string): Promise<SandboxState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: ReturnType<typeof SandboxStateSchema.safeParse>;
  try {
    parsed = SandboxStateSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw damaged(file, err);
  }
  if (!parsed.success) throw damaged(file, parsed.error);
  return parsed.data;
}

/** Writes the state file whole or not at all (a temporary file renamed over it). */
export async function writeSandboxState(file: string, state: SandboxState): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}

function damaged(file: string, cause: unknown): FailedPreconditionError {
  return new FailedPreconditionError(`the sandbox state file ${file} is damaged; remove the sandbox with \`pg-autotune sandbox down\``, { cause });
}
