import type { Command } from 'commander';
import { apiOption } from '../remote/api-address';
import { actorOption } from '../remote/approver-name';
import { knobListText } from '../remote/knob-list-text';
import { withApi } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ pg-autotune rollback orders-db --as alice

Puts back the values the instance's last applied change (an approval, or a session's
--apply-best) replaced, through its collector, audited too. Run it again to step further back
through the history. Refused (exit 4) while a session is active on the instance or when no
applied change is left to revert; exit 5 when the collector does not answer.`;

/** `pg-autotune rollback INSTANCE [--as NAME]`: RollbackInstance. */
export function registerRollbackCommand(program: Command): Command {
  return program
    .command('rollback')
    .description("Put back the configuration an instance's last applied change replaced.")
    .argument('<instance>', 'the instance, by name or id')
    .addOption(actorOption())
    .addOption(apiOption())
    .addHelpText('after', EXAMPLE)
    .action(async (instance: string, options: { as: string; api: string }) => {
      const entry = await withApi(options.api, (client) => client.rollbackInstance(instance, options.as));
      process.stdout.write(`rolled back ${instance} by ${entry.actor}: ${knobListText(entry.appliedKnobs)} (was ${knobListText(entry.replacedKnobs)})\n`);
    });
}
