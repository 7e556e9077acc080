import type { Command } from 'commander';
import { SESSION_LIMITS } from '../../lib/session/session-options';
import { SANDBOX_LIMITS } from '../../lib/postgres/sandbox';
import { integerIn } from '../option-parsers';
import { runTune, type TuneCommandFlags } from '../tune/run-tune';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `pg-autotune tune`: the main job. */
export function registerTuneCommand(program: Command): void {
  program
    .command('tune')
    .description('Tune a PostgreSQL server: baseline, RL tuning steps, interleaved verification, a recommendation and a report.')
    .option('--sandbox', 'tune the local sandbox server (the default without --target; created when missing)')
    .option('--target <dsn>', 'tune this server (password: DSN, PGPASSWORD or ~/.pgpass); its pgbench tables must exist (pgbench -i)')
    .option('--data-dir <dir>', "the target's data directory: allows restart knobs (pg_ctl) and exact rollback")
    .option('--restart-command <cmd>', 'restart the target with this shell command instead of pg_ctl (needs --data-dir)')
    .option('--scale <n>', 'pgbench scale of a new sandbox', integerIn('--scale', SANDBOX_LIMITS.scale))
    .option('--iterations <n>', 'tuning steps after the baseline (default 20)', integerIn('--iterations', SESSION_LIMITS.iterations))
    .option('--duration <s>', 'measured seconds per benchmark run (default 30)', integerIn('--duration', { min: 1, max: 86_400 }))
    .option('--warmup <s>', 'unmeasured seconds before each run (default 5)', integerIn('--warmup', { min: 0, max: 3_600 }))
    .option('--workload <script>', 'tpcb-like | select-only | simple-update | FILE.sql, each with an optional @WEIGHT; repeatable', collect)
    .option('--clients <n>', 'pgbench clients (default 4)', integerIn('--clients', { min: 1, max: 1_000 }))
    .option('--knobs <set>', 'default | extended (includes restart knobs) | a comma list of knob names', 'default')
    .option('--agent <kind>', 'ddpg | ddpg++ | random (default ddpg)')
    .option('--verify <r>', 'bracketed verification rounds (default 5)', integerIn('--verify', SESSION_LIMITS.verifyRepeats))
    .option('--apply-best', 'leave the recommended configuration applied (default: restore the original)')
    .option('--seed <n>', 'random seed (default 0)', integerIn('--seed', SESSION_LIMITS.seed))
    .option('--checkpoint-every <n>', 'steps between model checkpoints (default 5)', integerIn('--checkpoint-every', SESSION_LIMITS.checkpointEvery))
    .option('--baseline-every <n>', 're-measure the baseline every N steps to see drift (default 0: never)', integerIn('--baseline-every', SESSION_LIMITS.baselineEvery))
    .option('--allow-restart', 'allow restart-requiring knobs named in --knobs (shared_buffers, wal_buffers)')
    .option('--allow-durability-risk', 'allow synchronous_commit (may lose the last commits after a crash; never corrupts)')
    .option('--store <dsn>', 'metadata store (default: local server from PG* variables, database pg_autotune; else a private cluster)')
    .option('--redis <url>', 'Redis for the replay buffer (default redis://127.0.0.1:6379; else a private redis-server)')
    .option('--resume <session>', 'continue a stopped or crashed session (same target)')
    .option('--json <file>', 'write the report as JSON')
    .option('--report <file>', 'write the report as a self-contained HTML page')
    .action((flags: TuneCommandFlags) => runTune(flags));
}
