import type { Command } from 'commander';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import {
  BENCHMARK_DEFAULTS,
  BENCHMARK_LIMITS,
  BUILTIN_SCRIPTS,
  SESSION_AGENTS,
  SESSION_DEFAULTS,
  SESSION_LIMITS,
} from '../../lib/session/session-limits';
import { SANDBOX_DEFAULT_SCALE, SANDBOX_LIMITS } from '../../lib/postgres/sandbox';
import { DEFAULT_REDIS_URL } from '../stack/redis-for-run';
import { choicesText, integerOption } from '../option-parsers';
import { runTune, type TuneCommandFlags } from '../tune/run-tune';
import { parseMinGainPercent } from '../tune/session-options-from-cli';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `pg-autotune tune`: the main job. Ranges and defaults in the help come from lib/session/session-limits.ts. */
export function registerTuneCommand(program: Command): void {
  program
    .command('tune')
    .description('Tune a PostgreSQL server: baseline, RL tuning steps, interleaved verification, a recommendation and a report.')
    .option('--sandbox', 'tune the local sandbox server (the default without --target; created when missing)')
    .option('--target <dsn>', 'tune this server (password: DSN, PGPASSWORD or ~/.pgpass); its pgbench tables must exist (pgbench -i)')
    .option('--data-dir <dir>', "the target's data directory: allows restart knobs (pg_ctl) and exact rollback")
    .option('--restart-command <cmd>', 'restart the target with this shell command instead of pg_ctl (needs --data-dir)')
    .addOption(integerOption('--scale <n>', 'pgbench scale of a new sandbox', SANDBOX_LIMITS.scale, SANDBOX_DEFAULT_SCALE))
    .addOption(integerOption('--iterations <n>', 'tuning steps after the baseline', SESSION_LIMITS.iterations, SESSION_DEFAULTS.iterations))
    .addOption(integerOption('--duration <s>', 'measured seconds per benchmark run', BENCHMARK_LIMITS.durationS, DEFAULT_SESSION_BENCHMARK.durationS))
    .addOption(integerOption('--warmup <s>', 'unmeasured seconds before each run', BENCHMARK_LIMITS.warmupS, DEFAULT_SESSION_BENCHMARK.warmupS))
    .option(
      '--workload <script>',
      `${choicesText(BUILTIN_SCRIPTS, BENCHMARK_DEFAULTS.script.builtin)} | FILE.sql, each with an optional @WEIGHT; repeatable`,
      collect,
    )
    .addOption(integerOption('--clients <n>', 'pgbench clients', BENCHMARK_LIMITS.clients, DEFAULT_SESSION_BENCHMARK.clients))
    .option('--knobs <set>', 'default | extended (includes restart knobs) | a comma list of knob names', 'default')
    .option('--agent <kind>', choicesText(SESSION_AGENTS, SESSION_DEFAULTS.agent))
    .addOption(
      integerOption('--verify <r>', 'the most bracketed verification rounds (fewer once decided)', SESSION_LIMITS.verifyRepeats, SESSION_DEFAULTS.verifyRepeats),
    )
    .option(
      '--min-gain <percent>',
      `smallest gain worth recommending, in percent, ${SESSION_LIMITS.minGain.min * 100}..${SESSION_LIMITS.minGain.max * 100} (default: ${SESSION_DEFAULTS.minGain * 100})`,
      parseMinGainPercent,
    )
    .addOption(integerOption('--verify-budget <s>', 'no new verification round after this many seconds (0: none)', SESSION_LIMITS.verifyBudgetS, SESSION_DEFAULTS.verifyBudgetS))
    .option('--apply-best', 'leave the recommended configuration applied (default: restore the original)')
    .addOption(integerOption('--seed <n>', 'random seed', SESSION_LIMITS.seed, SESSION_DEFAULTS.seed))
    .addOption(
      integerOption('--checkpoint-every <n>', 'steps between model checkpoints', SESSION_LIMITS.checkpointEvery, SESSION_DEFAULTS.checkpointEvery),
    )
    .addOption(
      integerOption(
        '--baseline-every <n>',
        're-measure the baseline every N steps to see drift (0: never)',
        SESSION_LIMITS.baselineEvery,
        SESSION_DEFAULTS.baselineEvery,
      ),
    )
    .option('--allow-restart', 'allow restart-requiring knobs named in --knobs (shared_buffers, wal_buffers)')
    .option('--allow-durability-risk', 'allow synchronous_commit (may lose the last commits after a crash; never corrupts)')
    .option('--store <dsn>', 'metadata store (default: local server from PG* variables, database pg_autotune; else a private cluster)')
    .option('--redis <url>', `Redis for the replay buffer (default ${DEFAULT_REDIS_URL}; else a private redis-server)`)
    .option('--resume <session>', 'continue a stopped or crashed session (same target)')
    .option('--json <file>', 'write the report as JSON')
    .option('--report <file>', 'write the report as a self-contained HTML page')
    .action((flags: TuneCommandFlags) => runTune(flags));
}
