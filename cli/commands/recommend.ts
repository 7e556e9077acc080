import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '../../lib/core/errors';
import { apiOption } from '../remote/api-address';
import { latestFinishedSession, RECOMMENDATION_FORMATS, recommendationText, type RecommendationFormat } from '../remote/recommendation-output';
import { withApi } from '../remote/remote-call';
import { say } from '../option-parsers';

const EXAMPLE = `
Examples:
  $ pg-autotune recommend orders-db --format sql | psql -h orders-db.internal
  $ pg-autotune recommend --session 3f0c2a7e-... --format conf >> postgresql.conf

The recommendation is the newest finished session's; when no candidate beat the current
configuration significantly, the output says so (comments only) and changes nothing. One that
waits for a person (sessions start --apply approve) says so on top: pending, or approved or
rejected by whom (pg-autotune approve / reject SESSION).`;

interface RecommendOptions {
  session?: string;
  format: RecommendationFormat;
  api: string;
}

/** `pg-autotune recommend INSTANCE|--session ID [--format sql|conf|json]`: GetRecommendation. */
export function registerRecommendCommand(program: Command): Command {
  return program
    .command('recommend')
    .description("Print the verified recommendation of an instance's newest finished session (or of one session).")
    .argument('[instance]', 'the instance, by name or id')
    .option('--session <id>', 'this session instead of the instance\'s newest finished one')
    .addOption(
      new Option('--format <format>', 'sql: ALTER SYSTEM statements; conf: a postgresql.conf snippet; json: the report document')
        .choices(RECOMMENDATION_FORMATS)
        .default('sql'),
    )
    .addOption(apiOption())
    .addHelpText('after', EXAMPLE)
    .action(async (instance: string | undefined, options: RecommendOptions) => {
      if ((instance === undefined) === (options.session === undefined)) {
        throw new InvalidArgumentError('recommend', 'give an instance or --session ID, one of them');
      }
      const { text, approval } = await withApi(options.api, async (client) =>
        recommendationText(client, options.session ?? (await latestFinishedSession(client, instance!)), options.format),
      );
      // The sql and conf outputs carry it as a comment; the JSON document has no place for it.
      if (approval && options.format === 'json') say(approval);
      process.stdout.write(text);
    });
}
