/**
 * The learner library's public surface: what the trainer, the CLI and the benchmarks import.
 * model/ knows nothing of gRPC, PostgreSQL or the CLI.
 */
export { AgentOptionError } from './agent-option-error';
export { selectBackend, type SelectedBackend } from './backend';
export { createAgent, type AgentOptions } from './create-agent';
export { DdpgAgent } from './ddpg-agent';
export { applyDdpgDefaults, type DdpgOptions, type DdpgVariant, type ResolvedDdpgOptions } from './ddpg-options';
export type { NoiseKind, NoiseOptions } from './noise/action-noise';
export { RandomSearchAgent, type RandomSearchOptions } from './random-search-agent';
export { MemoryReplayBuffer } from './replay/memory-replay-buffer';
export { RedisReplayBuffer } from './replay/redis-replay-buffer';
export type { ReplayBuffer, Transition, TransitionBatch } from './replay/replay-buffer';
export { runSyntheticTuning, type SyntheticTuningResult } from './run-synthetic-tuning';
export { SeededRandom } from './seeded-random';
export { SyntheticEnvironment, type SyntheticEnvironmentOptions, type SyntheticStep } from './synthetic-environment';
export type { ActOptions, AgentDescription, AgentKind, TrainStats, TuningAgent } from './tuning-agent';
