import type { Command } from 'commander';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import {
  BENCHMARK_DEFAULTS,
  BENCHMARK_LIMITS,
  BUILTIN_SCRIPTS,
  CHECKPOINT_MODES,
  CONTINUOUS_DEFAULTS,
  CONTINUOUS_LIMITS,
  DATA_RESET_MODES,
  NOISE_CONTROL_DEFAULTS,
  SESSION_AGENTS,
  TPS_ESTIMATORS,
  SESSION_DEFAULTS,
  SESSION_LIMITS,
  RULES_AGENT_ITERATIONS,
  VERIFICATION_RULES,
  WARM_STARTS,
} from '../../lib/session/session-limits';
import { RULES_STORAGES, RULES_WORKLOADS } from '../../knobs/pgtune-rules';
import { SANDBOX_DEFAULT_SCALE, SANDBOX_LIMITS } from '../../lib/postgres/sandbox';
import { DEFAULT_REDIS_URL } from '../stack/redis-for-run';
import { choicesText, integerOption, workloadsOption } from '../option-parsers';
import { runTune, type TuneCommandFlags } from '../tune/run-tune';
import { loadWorkloadPresets } from '../../lib/session/workload-presets';
import { parseDriftThresholdPercent, parseMixThreshold, parseMinGainPercent } from '../tune/session-options-from-cli';

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
    .option('--preset <name>', `a workload of workloads/workloads.json (${loadWorkloadPresets().map((p) => p.name).join(' | ')}): its scripts, clients and sandbox scale`)
    .option('--pre-checkpoint <mode>', `CHECKPOINT before each run's warm-up: ${choicesText(CHECKPOINT_MODES, NOISE_CONTROL_DEFAULTS.checkpoint)}`)
    .option(
      '--data-reset <mode>',
      `re-create the bench database from a template before runs (bench: only data pg-autotune loaded; force: any): ${choicesText(DATA_RESET_MODES, NOISE_CONTROL_DEFAULTS.dataReset)}`,
    )
    .addOption(integerOption('--data-reset-every <n>', 'runs per data reset', BENCHMARK_LIMITS.dataResetEvery, NOISE_CONTROL_DEFAULTS.dataResetEvery))
    .option('--tps-estimator <kind>', `a run's TPS from the per-second series: ${choicesText(TPS_ESTIMATORS, NOISE_CONTROL_DEFAULTS.tpsEstimator)}`)
    .addOption(workloadsOption())
    .addOption(integerOption('--clients <n>', 'pgbench clients', BENCHMARK_LIMITS.clients, DEFAULT_SESSION_BENCHMARK.clients))
    .option('--knobs <set>', 'default | extended (includes restart knobs) | a comma list of knob names', 'default')
    .option(
      '--agent <kind>',
      `${choicesText(SESSION_AGENTS, SESSION_DEFAULTS.agent)}; rules (PGTune's configuration) runs ${RULES_AGENT_ITERATIONS} step whatever --iterations says`,
    )
    .option('--warm-start <what>', `the agent's first step: ${choicesText(WARM_STARTS, SESSION_DEFAULTS.warmStart)}`)
    .option('--rules-workload <type>', `PGTune's workload type for the rules: ${choicesText(RULES_WORKLOADS, SESSION_DEFAULTS.rulesWorkload)}`)
    .option('--rules-storage <type>', `PGTune's storage type for the rules: ${choicesText(RULES_STORAGES, SESSION_DEFAULTS.rulesStorage)}`)
    .addOption(
      integerOption('--verify <r>', 'the most bracketed verification rounds (fewer once decided)', SESSION_LIMITS.verifyRepeats, SESSION_DEFAULTS.verifyRepeats),
    )
    .option(
      '--min-gain <percent>',
      `smallest gain worth recommending, in percent, ${SESSION_LIMITS.minGain.min * 100}..${SESSION_LIMITS.minGain.max * 100} (default: ${SESSION_DEFAULTS.minGain * 100})`,
      parseMinGainPercent,
    )
    .addOption(integerOption('--verify-budget <s>', 'no new verification round after this many seconds (0: none)', SESSION_LIMITS.verifyBudgetS, SESSION_DEFAULTS.verifyBudgetS))
    .addOption(integerOption('--ablation-rounds <n>', `rounds measuring each changed knob of a recommendation reverted alone (0: none, else at least ${VERIFICATION_RULES.minRounds})`, SESSION_LIMITS.ablationRounds, SESSION_DEFAULTS.ablationRounds))
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
    .addOption(
      integerOption('--remeasure-top <n>', 'run a step again when it ranks among the N best so far (a step of the budget; 0: never)', SESSION_LIMITS.remeasureTop, SESSION_DEFAULTS.remeasureTop),
    )
    .option(
      '--start-config <file>',
      'start from these settings (postgresql.conf lines, e.g. workloads/misconfigured.conf): baseline and tuning from there; the original is restored at the end',
    )
    .option('--continuous', 'after the recommendation, keep watching the configuration in force and tune again when it drifts (until stopped or --max-rounds)')
    .addOption(integerOption('--watch-interval <s>', 'seconds between two watches of a continuous session', CONTINUOUS_LIMITS.watchIntervalS, CONTINUOUS_DEFAULTS.watchIntervalS))
    .addOption(integerOption('--watch-runs <n>', 'runs of the configuration in force per watch', CONTINUOUS_LIMITS.watchRuns, CONTINUOUS_DEFAULTS.watchRuns))
    .option(
      '--drift-threshold <percent>',
      `smallest significant drop (TPS, or p95 rise) that opens a new round, in percent, ${CONTINUOUS_LIMITS.driftThreshold.min * 100}..${CONTINUOUS_LIMITS.driftThreshold.max * 100} (default: ${CONTINUOUS_DEFAULTS.driftThreshold * 100})`,
      parseDriftThresholdPercent,
    )
    .option(
      '--mix-threshold <distance>',
      `where pg_stat_statements is installed: the change of the query mix since the round (total variation distance of its call shares) that opens a new round, ${CONTINUOUS_LIMITS.mixThreshold.min}..${CONTINUOUS_LIMITS.mixThreshold.max}, 1: never (default: ${CONTINUOUS_DEFAULTS.mixThreshold})`,
      parseMixThreshold,
    )
    .addOption(integerOption('--max-rounds <n>', 'tuning rounds of a continuous session before it finishes (0: unlimited)', CONTINUOUS_LIMITS.maxRounds, CONTINUOUS_DEFAULTS.maxRounds))
    .option('--allow-restart', 'allow restart-requiring knobs named in --knobs (shared_buffers, wal_buffers)')
    .option('--allow-durability-risk', 'allow synchronous_commit (may lose the last commits after a crash; never corrupts)')
    .option('--store <dsn>', 'metadata store (default: local server from PG* variables, database pg_autotune; else a private cluster)')
    .option('--redis <url>', `Redis for the replay buffer (default ${DEFAULT_REDIS_URL}; else a private redis-server)`)
    .option('--resume <session>', 'continue a stopped or crashed session (same target)')
    .option('--json <file>', 'write the report as JSON')
    .option('--report <file>', 'write the report as a self-contained HTML page')
    .action((flags: TuneCommandFlags) => runTune(flags));
}
