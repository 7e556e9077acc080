import { afterEach, describe, expect, it } from 'vitest';
import type { ReplayBuffer, Transition } from '../../model/replay/replay-buffer';
import type { ReplayBufferOptions } from '../../model/replay/replay-buffer-options';
import { SeededRandom } from '../../model/seeded-random';

/** Opens a fresh, empty buffer; the suite clears and closes it after each test. */
export type ReplayBufferFactory = (options: ReplayBufferOptions) => Promise<ReplayBuffer>;

/**
 * The ReplayBuffer contract, run against every implementation. Statistical tests use fixed
 * seeds, so they are deterministic, yet they fail on a biased sampler: each compares counts
 * with the expected frequencies by a chi-square test at p = 0.001.
 */
export function describeReplayBufferConformance(name: string, factory: ReplayBufferFactory): void {
  describe(`${name} conforms to ReplayBuffer`, () => {
    const opened: ReplayBuffer[] = [];
    const open = async (options: ReplayBufferOptions): Promise<ReplayBuffer> => {
      const buffer = await factory(options);
      opened.push(buffer);
      return buffer;
    };
    afterEach(async () => {
      for (const buffer of opened.splice(0)) {
        await buffer.clear();
        await buffer.close();
      }
    });

    it('counts what was added, up to capacity', async () => {
      const buffer = await open({ stateDim: 3, actionDim: 2, capacity: 4 });
      expect(buffer.stateDim).toBe(3);
      expect(buffer.actionDim).toBe(2);
      expect(await buffer.size()).toBe(0);
      for (let i = 0; i < 3; i++) await buffer.add(transition(i, 3, 2));
      expect(await buffer.size()).toBe(3);
      for (let i = 3; i < 9; i++) await buffer.add(transition(i, 3, 2));
      expect(await buffer.size()).toBe(4);
    });

    it('drops the oldest transitions past capacity', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 3 });
      for (let i = 0; i < 5; i++) await buffer.add(transition(i, 2, 1));
      const batch = await buffer.sample(300, seeded(1));
      expect(new Set(batch.rewards)).toEqual(new Set([2, 3, 4]));
    });

    it('returns row-major batches of the requested size, indices inside the buffer', async () => {
      const buffer = await open({ stateDim: 3, actionDim: 2, capacity: 10 });
      for (let i = 0; i < 6; i++) await buffer.add(transition(i, 3, 2));
      const batch = await buffer.sample(7, seeded(2));
      expect(batch.size).toBe(7);
      expect(batch.states).toBeInstanceOf(Float32Array);
      expect(batch.states.length).toBe(21);
      expect(batch.actions.length).toBe(14);
      expect(batch.rewards.length).toBe(7);
      expect(batch.nextStates.length).toBe(21);
      expect(batch.dones.length).toBe(7);
      expect(batch.indices).toHaveLength(7);
      for (const index of batch.indices) {
        expect(Number.isInteger(index) && index >= 0 && index < 6).toBe(true);
      }
    });

    it('returns exactly the float32 values that were added, at the index of their slot', async () => {
      const stateDim = 4;
      const actionDim = 3;
      const buffer = await open({ stateDim, actionDim, capacity: 5 });
      // Values at the edges of float32: the smallest denormal, the largest finite, -0, and
      // numbers float32 cannot hold exactly (they must come back rounded, not altered more).
      const extremes = [1e-45, -3.4028234663852886e38, -0, 0.1, 123456.789, -1.17549435e-38];
      const added: Transition[] = [];
      for (let i = 0; i < 8; i++) {
        const pick = (k: number) => extremes[(i + k) % extremes.length] * (k % 2 === 0 ? 1 : -1);
        const t: Transition = {
          state: Float32Array.from({ length: stateDim }, (_, k) => pick(k)),
          action: Float32Array.from({ length: actionDim }, (_, k) => pick(k + stateDim)),
          reward: 1000 + i + 0.1,
          nextState: Float32Array.from({ length: stateDim }, (_, k) => pick(k + 7)),
          done: i % 3 === 0,
        };
        added.push(t);
        await buffer.add(t);
      }
      const batch = await buffer.sample(64, seeded(3));
      const slotsSeen = new Set<number>();
      for (let row = 0; row < batch.size; row++) {
        const slot = batch.indices[row];
        slotsSeen.add(slot);
        // 8 added into 5 slots: slot s holds the last addition i with i % 5 === s.
        const expected = added[slot + 5 <= 7 ? slot + 5 : slot];
        expect(batch.states.slice(row * stateDim, (row + 1) * stateDim)).toEqual(expected.state);
        expect(batch.actions.slice(row * actionDim, (row + 1) * actionDim)).toEqual(expected.action);
        expect(batch.rewards[row]).toBe(Math.fround(expected.reward));
        expect(batch.nextStates.slice(row * stateDim, (row + 1) * stateDim)).toEqual(expected.nextState);
        expect(batch.dones[row]).toBe(expected.done ? 1 : 0);
      }
      expect(slotsSeen.size).toBe(5);
    });

    it('samples every transition equally often (chi-square, after wrapping around)', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 10 });
      for (let i = 0; i < 25; i++) await buffer.add(transition(i, 2, 1));
      const counts = await countRewards(buffer, 20_000, seeded(4));
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
      expectFrequencies(counts, new Map([...counts.keys()].map((reward) => [reward, 1])));
    });

    it('draws the same batch from the same seed', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 50 });
      for (let i = 0; i < 50; i++) await buffer.add(transition(i, 2, 1));
      const first = await buffer.sample(32, seeded(5));
      const second = await buffer.sample(32, seeded(5));
      expect(second.indices).toEqual(first.indices);
      expect(second.rewards).toEqual(first.rewards);
    });

    it('refuses to sample an empty buffer', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 3 });
      await expect(buffer.sample(4, seeded(6))).rejects.toMatchObject({ name: 'ReplayBufferEmptyError' });
    });

    it('rejects a bad batch size and a random source outside [0,1)', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 3 });
      await buffer.add(transition(0, 2, 1));
      await expect(buffer.sample(0, seeded(7))).rejects.toThrow(/batchSize: must be a positive integer, got 0/);
      await expect(buffer.sample(2, () => 1)).rejects.toThrow(/random: must return numbers in \[0,1\), returned 1/);
    });

    it('rejects vectors of the wrong length, naming the field and the expected length', async () => {
      const buffer = await open({ stateDim: 3, actionDim: 2, capacity: 4 });
      const good = transition(0, 3, 2);
      const cases: Array<[Partial<Transition>, RegExp]> = [
        [{ state: new Float32Array(2) }, /^state: expected length 3, got 2$/],
        [{ action: new Float32Array(3) }, /^action: expected length 2, got 3$/],
        [{ nextState: new Float32Array(4) }, /^nextState: expected length 3, got 4$/],
        [{ state: Float32Array.of(0, Number.NaN, 0) }, /^state\[1\]: must be finite, got NaN$/],
        [{ reward: Number.POSITIVE_INFINITY }, /^reward: must be a finite number/],
      ];
      for (const [patch, message] of cases) {
        const error = await buffer.add({ ...good, ...patch }).catch((err: unknown) => err);
        expect(error).toMatchObject({ name: 'ReplayArgumentError', code: 'INVALID_ARGUMENT' });
        expect((error as Error).message).toMatch(message);
      }
      expect(await buffer.size()).toBe(0);
    });

    it('clear() empties the buffer, which then takes new transitions', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 3, prioritized: true });
      for (let i = 0; i < 5; i++) await buffer.add(transition(i, 2, 1), 10 + i);
      await buffer.clear();
      expect(await buffer.size()).toBe(0);
      await expect(buffer.sample(1, seeded(8))).rejects.toMatchObject({ name: 'ReplayBufferEmptyError' });
      await buffer.add(transition(42, 2, 1));
      const batch = await buffer.sample(5, seeded(8));
      expect([...batch.rewards]).toEqual([42, 42, 42, 42, 42]);
      expect(batch.indices).toEqual([0, 0, 0, 0, 0]);
    });

    it('checks updatePriorities() arguments on a uniform buffer, and stays uniform', async () => {
      const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 8 });
      for (let i = 0; i < 4; i++) await buffer.add(transition(i, 2, 1));
      await expect(buffer.updatePriorities([4], [1])).rejects.toThrow(/^indices\[0\]: must be an integer in \[0, 4\), got 4$/);
      await buffer.updatePriorities([0], [1000]);
      const counts = await countRewards(buffer, 8_000, seeded(9));
      expectFrequencies(counts, new Map([0, 1, 2, 3].map((reward) => [reward, 1])));
    });

    describe('prioritized', () => {
      it('samples proportionally to priority (chi-square)', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 6, prioritized: true });
        const priorities = [1, 2, 3, 4, 0.5, 9.5];
        for (let i = 0; i < priorities.length; i++) await buffer.add(transition(i, 2, 1), priorities[i]);
        const counts = await countRewards(buffer, 20_000, seeded(10));
        expectFrequencies(counts, new Map(priorities.map((p, i) => [i, p])));
      });

      it('favours one high-priority transition among many', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 100, prioritized: true });
        for (let i = 0; i < 100; i++) await buffer.add(transition(i, 2, 1), i === 37 ? 99 : 1);
        const counts = await countRewards(buffer, 4_000, seeded(11));
        // 99 of 198 in expectation: about half the draws.
        expect((counts.get(37) ?? 0) / 4_000).toBeGreaterThan(0.45);
        expect((counts.get(37) ?? 0) / 4_000).toBeLessThan(0.55);
      });

      it('gives a transition added without priority the highest priority seen so far', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 4, prioritized: true });
        await buffer.add(transition(0, 2, 1), 1);
        await buffer.add(transition(1, 2, 1), 6);
        await buffer.add(transition(2, 2, 1));
        const counts = await countRewards(buffer, 10_000, seeded(12));
        expectFrequencies(counts, new Map([[0, 1], [1, 6], [2, 6]]));
      });

      it('updatePriorities() moves sampling to the new priorities of the sampled indices', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 8, prioritized: true });
        for (let i = 0; i < 5; i++) await buffer.add(transition(i, 2, 1));
        const batch = await buffer.sample(64, seeded(13));
        // As a learner would: a priority per sampled row, here a function of what the row holds.
        await buffer.updatePriorities(
          batch.indices,
          Array.from(batch.rewards, (reward) => (reward === 3 ? 40 : 1)),
        );
        const counts = await countRewards(buffer, 10_000, seeded(14));
        expectFrequencies(counts, new Map([[0, 1], [1, 1], [2, 1], [3, 40], [4, 1]]));
      });

      it('gives an overwritten slot the priority of its new transition', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 2, prioritized: true });
        await buffer.add(transition(0, 2, 1), 50);
        await buffer.add(transition(1, 2, 1), 1);
        await buffer.add(transition(2, 2, 1), 3);
        const counts = await countRewards(buffer, 8_000, seeded(15));
        expectFrequencies(counts, new Map([[1, 1], [2, 3]]));
      });

      it('rejects priorities that are not positive and indices outside the buffer', async () => {
        const buffer = await open({ stateDim: 2, actionDim: 1, capacity: 8, prioritized: true });
        for (let i = 0; i < 3; i++) await buffer.add(transition(i, 2, 1));
        await expect(buffer.add(transition(3, 2, 1), 0)).rejects.toThrow(/^priority: must be a finite number > 0, got 0$/);
        await expect(buffer.updatePriorities([0, 1], [1])).rejects.toThrow(/^priorities: expected one priority per index \(2\), got 1$/);
        await expect(buffer.updatePriorities([1], [-2])).rejects.toThrow(/^priorities\[0\]: must be a finite number > 0, got -2$/);
        await expect(buffer.updatePriorities([1, 3], [1, 1])).rejects.toThrow(/^indices\[1\]: must be an integer in \[0, 3\), got 3$/);
        await expect(buffer.updatePriorities([1.5], [1])).rejects.toMatchObject({ name: 'ReplayArgumentError', field: 'indices[0]' });
        expect(await buffer.size()).toBe(3);
      });
    });
  });
}

/** A transition whose every value derives from `i`; the reward is `i` itself, to identify it. */
export function transition(i: number, stateDim: number, actionDim: number): Transition {
  return {
    state: Float32Array.from({ length: stateDim }, (_, k) => i + k / 10),
    action: Float32Array.from({ length: actionDim }, (_, k) => -i - k / 10),
    reward: i,
    nextState: Float32Array.from({ length: stateDim }, (_, k) => i + 1 + k / 10),
    done: i % 2 === 1,
  };
}

export function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** How often each reward (so each transition) comes up in `draws` samples. */
async function countRewards(buffer: ReplayBuffer, draws: number, random: () => number): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let done = 0; done < draws; done += 500) {
    const batch = await buffer.sample(Math.min(500, draws - done), random);
    for (const reward of batch.rewards) counts.set(reward, (counts.get(reward) ?? 0) + 1);
  }
  return counts;
}

/**
 * Fails when `counts` departs from frequencies proportional to `weights` by more than chance
 * explains at p = 0.001 (Pearson's chi-square; critical value by Wilson-Hilferty).
 */
function expectFrequencies(counts: Map<number, number>, weights: Map<number, number>): void {
  const draws = [...counts.values()].reduce((a, b) => a + b, 0);
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  expect([...counts.keys()].every((key) => weights.has(key))).toBe(true);
  let chiSquare = 0;
  for (const [key, weight] of weights) {
    const expected = (draws * weight) / totalWeight;
    chiSquare += ((counts.get(key) ?? 0) - expected) ** 2 / expected;
  }
  const df = weights.size - 1;
  const z = 3.0902; // the 0.999 quantile of the standard normal
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  expect(chiSquare, `chi-square ${chiSquare.toFixed(2)} over ${df} degrees of freedom`).toBeLessThan(critical);
}
