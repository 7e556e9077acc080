import type { Command } from 'commander';
import { apiOption } from '../remote/api-address';
import { actorOption } from '../remote/approver-name';
import { knobListText } from '../remote/knob-list-text';
import { withApi } from '../remote/remote-call';

const EXAMPLE = `
Examples:
  $ pg-autotune sessions start orders-db --apply approve
  $ pg-autotune recommend orders-db            (read it first: its approval state is on top)
  $ pg-autotune approve 3f0c2a7e-... --as alice

The instance's collector applies the recommendation with the same checks and rollback as every
tuning step, then keeps it as the configuration it restores. The audit keeps who approved it and
the values it replaced: pg-autotune rollback INSTANCE puts them back. Refused (exit 4) when the
recommendation is not significant, not pending (already approved or rejected), or a session
is active on the instance; exit 5 when the collector does not answer.`;

/** `pg-autotune approve SESSION [--as NAME]`: ApproveRecommendation. */
export function registerApproveCommand(program: Command): Command {
  return program
    .command('approve')
    .description("Apply a session's pending recommendation to its instance, audited under your name.")
    .argument('<session>', 'the session id whose recommendation waits for approval')
    .addOption(actorOption())
    .addOption(apiOption())
    .addHelpText('after', EXAMPLE)
    .action(async (session: string, options: { as: string; api: string }) => {
      const report = await withApi(options.api, (client) => client.approveRecommendation(session, options.as));
      process.stdout.write(`approved by ${report.decidedBy}: session ${report.sessionId}'s recommendation is applied (${knobListText(report.recommendedKnobs)})\n`);
    });
}
