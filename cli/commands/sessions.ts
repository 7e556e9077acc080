import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '../../lib/core/errors';
import { LIST_SESSIONS_PAGE } from '../../lib/session/session-limits';
import { applySessionDefaults } from '../../lib/session/session-options';
import { apiOption } from '../remote/api-address';
import { withApi } from '../remote/remote-call';
import { sessionListText, sessionStatusText } from '../remote/session-list-text';
import { tuneSessionOptions } from '../remote/session-flags';
import { watchRemoteSession } from '../remote/watch-remote-session';
import { instanceDefaultsLeftOpen } from '../remote/instance-defaults-left-open';
import { integerOption, say } from '../option-parsers';
import { sessionOptionsFromCli, type TuneFlags } from '../tune/session-options-from-cli';

const START_EXAMPLE = `
Examples:
  $ pg-autotune sessions start orders-db --iterations 30 --duration 60 --knobs extended --api 127.0.0.1:7003
  3f0c2a7e-...            (the session id, on stdout; a trainer claims the session and runs it)
  $ pg-autotune sessions watch 3f0c2a7e-...
  $ pg-autotune sessions start orders-db --apply approve
                          (the original is restored at the end; a person applies the
                           recommendation later: pg-autotune approve 3f0c2a7e-...)

The options are tune's (pg-autotune tune --help), without those about this host (--target,
--store, --resume, --json, --report). A --workload FILE.sql or --start-config path must be
readable where the collector runs (the script) or here (the start configuration, sent as settings).
Without any benchmark flag (--workload, --preset, --clients, --duration, ...) the session runs the
instance's registered workload, without --knobs it tunes the instance's knobs, and without
--iterations it takes the default capped at the instance's max_iterations (register --help).`;

const EXAMPLES = `
Examples:
  $ pg-autotune sessions start orders-db --iterations 30
  $ pg-autotune sessions list --instance orders-db --limit 20
  $ pg-autotune sessions status 3f0c2a7e-...
  $ pg-autotune sessions watch 3f0c2a7e-...
  $ pg-autotune sessions stop 3f0c2a7e-...
Each takes --api HOST:PORT (the Recommendation service).`;

/** `pg-autotune sessions start|list|status|watch|stop`: the Recommendation API's sessions. */
export function registerSessionsCommands(program: Command): Command {
  const sessions = program
    .command('sessions')
    .description('Start, list, follow and stop tuning sessions through the Recommendation API.')
    .addHelpText('after', EXAMPLES);

  const start = sessions
    .command('start')
    .description('Create a tuning session on a registered instance (a trainer of the stack runs it).')
    .argument('<instance>', 'the instance, by name or id');
  for (const option of tuneSessionOptions()) start.addOption(option);
  start
    .addOption(
      new Option('--apply <when>', 'approve: keep a significant recommendation pending for `pg-autotune approve` (the original is restored meanwhile); --apply-best applies it unattended')
        .choices(['approve']),
    )
    .addOption(apiOption())
    .addHelpText('after', START_EXAMPLE)
    .action(async (instance: string, flags: TuneFlags & { apply?: 'approve'; api: string }, command: Command) => {
      if (flags.apply === 'approve' && flags.applyBest) {
        throw new InvalidArgumentError('--apply', 'approve waits for a person and --apply-best applies the recommendation unattended: give one of them');
      }
      // Checked here, with the flags' names, before anything is asked of the service.
      const options = { ...sessionOptionsFromCli(flags), requireApproval: flags.apply === 'approve' };
      applySessionDefaults(options);
      const sent = instanceDefaultsLeftOpen(options, (flag) => command.getOptionValueSource(flag) === 'cli');
      const session = await withApi(flags.api, (client) => client.createSession(instance, sent));
      process.stdout.write(`${session.id}\n`);
      say(`session ${session.id} on ${instance}: ${session.status}; follow it with: pg-autotune sessions watch ${session.id}`);
    });

  sessions
    .command('list')
    .description('List sessions, newest first.')
    .option('--instance <instance>', "only this instance's (name or id)")
    .option('--json', 'print the Session messages as a JSON array')
    .addOption(integerOption('--limit <n>', 'only the newest N (one page of ListSessions)', { min: 1, max: LIST_SESSIONS_PAGE.maxSize }, 'all'))
    .addOption(apiOption())
    .addHelpText('after', '\nExamples:\n  $ pg-autotune sessions list --instance orders-db --json\n  $ pg-autotune sessions list --limit 10')
    .action(async (options: { instance?: string; json?: boolean; limit?: number; api: string }) => {
      const instance = options.instance ?? '';
      const list = await withApi(options.api, async (client) => {
        if (options.limit === undefined) return client.listSessions(instance);
        const page = await client.listSessionsPage(instance, { pageSize: options.limit });
        if (page.nextPageToken) say(`the newest ${options.limit} shown; there are more (a larger --limit, or none for all)`);
        return page.sessions;
      });
      process.stdout.write(options.json ? `${JSON.stringify(list, null, 2)}\n` : sessionListText(list));
    });

  sessions
    .command('status')
    .description("Show a session's status, steps done and TPS so far (a continuous session's also its last watch: the drift test's and the query mix's verdicts).")
    .argument('<session>', 'the session id')
    .option('--json', 'print the Session message as JSON')
    .addOption(apiOption())
    .addHelpText('after', '\nExample:\n  $ pg-autotune sessions status 3f0c2a7e-...')
    .action(async (id: string, options: { json?: boolean; api: string }) => {
      const session = await withApi(options.api, (client) => client.getSession(id));
      process.stdout.write(options.json ? `${JSON.stringify(session, null, 2)}\n` : sessionStatusText(session));
    });

  sessions
    .command('watch')
    .description("Follow a session's progress, with tune's progress display, until it ends (Ctrl-C stops watching, not the session).")
    .argument('<session>', 'the session id')
    .addOption(apiOption())
    .addHelpText('after', '\nExample:\n  $ pg-autotune sessions watch 3f0c2a7e-...\nExits non-zero when the session failed.')
    .action(async (id: string, options: { api: string }) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      try {
        const session = await withApi(options.api, (client) => watchRemoteSession(client, id, { signal: stop.signal }));
        if (stop.signal.aborted) {
          say(`stopped watching; session ${session.id} is ${session.status}`);
          process.exitCode = 130;
          return;
        }
        say(`session ${session.id} ${session.status}${session.status === 'finished' ? `; its recommendation: pg-autotune recommend --session ${session.id}` : ''}`);
      } finally {
        process.off('SIGINT', onSignal);
      }
    });

  sessions
    .command('stop')
    .description('Cancel a pending or running session: a running one stops after its current run and restores the original configuration.')
    .argument('<session>', 'the session id')
    .addOption(apiOption())
    .addHelpText('after', '\nExample:\n  $ pg-autotune sessions stop 3f0c2a7e-...\nThis also frees an instance held by a tune that was stopped with Ctrl-C.')
    .action(async (id: string, options: { api: string }) => {
      const session = await withApi(options.api, (client) => client.cancelSession(id));
      process.stdout.write(`session ${session.id} ${session.status}\n`);
    });

  return sessions;
}
