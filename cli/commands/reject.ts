import type { Command } from 'commander';
import { apiOption } from '../remote/api-address';
import { actorOption } from '../remote/approver-name';
import { withApi } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ pg-autotune reject 3f0c2a7e-... --as alice

Nothing is applied; the recommendation stays readable (pg-autotune recommend --session ID) and
can no longer be approved. Refused (exit 4) when it is not pending.`;

/** `pg-autotune reject SESSION [--as NAME]`: RejectRecommendation. */
export function registerRejectCommand(program: Command): Command {
  return program
    .command('reject')
    .description("Discard a session's pending recommendation; nothing is applied.")
    .argument('<session>', 'the session id whose recommendation waits for approval')
    .addOption(actorOption())
    .addOption(apiOption())
    .addHelpText('after', EXAMPLE)
    .action(async (session: string, options: { as: string; api: string }) => {
      const report = await withApi(options.api, (client) => client.rejectRecommendation(session, options.as));
      process.stdout.write(`rejected by ${report.decidedBy}: session ${report.sessionId}'s recommendation is discarded\n`);
    });
}
