import { Command, type Option } from 'commander';
import { registerTuneCommand } from '../commands/tune';

/**
 * `tune`'s options that say where and how it runs on this host rather than what the session
 * does: the target and its restart, the local stack's store and Redis, resuming, the report
 * files. Everything else `tune` accepts is a session option.
 */
const LOCAL_ONLY = ['sandbox', 'target', 'dataDir', 'restartCommand', 'scale', 'workloads', 'store', 'redis', 'resume', 'json', 'report'];

/**
 * The session options of `pg-autotune tune` (--iterations, --agent, --workload, ...), for
 * `sessions start`: the same flags with the same help, ranges and parsers, declared in one
 * place (cli/commands/tune.ts) and turned into SessionOptions by one function
 * (sessionOptionsFromCli). Taken from a throwaway `tune` command so that a flag added there
 * is here too.
 */
export function tuneSessionOptions(): Option[] {
  const scratch = new Command();
  registerTuneCommand(scratch);
  const tune = scratch.commands.find((c) => c.name() === 'tune');
  if (!tune) throw new Error('registerTuneCommand registered no `tune` command');
  return tune.options.filter((option) => !LOCAL_ONLY.includes(option.attributeName()));
}
