import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../../lib/core/errors';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { LIST_SESSIONS_PAGE } from '../../lib/session/session-limits';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('paging_test');

describe('ListSessions pages, newest first, over gRPC', () => {
  let store: MetadataStore;
  let server: Awaited<ReturnType<typeof startRecommendation>>;
  let client: RecommendationClient;
  /** Every session's id, newest first. */
  let newestFirst: string[];

  beforeAll(async () => {
    store = await openTestStore(schema);
    for (const name of ['paged-a', 'paged-b']) await store.instances.upsert({ name, collectorAddress: '127.0.0.1:7002' });
    const ids: string[] = [];
    // Seven sessions, finished one after the other (one active per instance), alternating instances.
    for (let i = 0; i < 7; i++) {
      const session = await store.sessions.create(i % 2 === 0 ? 'paged-a' : 'paged-b', {});
      await store.sessions.setStatus(session.id, 'finished');
      ids.push(session.id);
    }
    newestFirst = ids.reverse();
    server = await startRecommendation({ store, port: 0 });
    client = new RecommendationClient(server.address);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await store?.close();
    await dropTestSchemas(schema);
  });

  it('walks every session once, in order, page by page; the last page has no token', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let pageToken = '';
    do {
      const page = await client.listSessionsPage('', { pageSize: 3, pageToken });
      seen.push(...page.sessions.map((s) => s.id));
      sizes.push(page.sessions.length);
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(newestFirst);
    expect(sizes).toEqual([3, 3, 1]);
    expect(await client.listSessions()).toHaveLength(7);
  });

  it("pages one instance's sessions, and a session created meanwhile does not shift the next page", async () => {
    const ofA = newestFirst.filter((_, i) => i % 2 === 0);
    const first = await client.listSessionsPage('paged-a', { pageSize: 2 });
    expect(first.sessions.map((s) => s.id)).toEqual(ofA.slice(0, 2));
    const newer = await store.sessions.create('paged-a', {});
    const second = await client.listSessionsPage('paged-a', { pageSize: 2, pageToken: first.nextPageToken });
    expect(second.sessions.map((s) => s.id)).toEqual(ofA.slice(2, 4));
    expect(second.nextPageToken).toBe('');
    expect((await client.listSessionsPage('paged-a', { pageSize: 1 })).sessions[0]!.id).toBe(newer.id);
    await store.sessions.setStatus(newer.id, 'cancelled');
  });

  it('takes the default page size for 0, and refuses a bad size or token naming the field', async () => {
    expect((await client.listSessionsPage('', { pageSize: 0 })).sessions.length).toBeGreaterThanOrEqual(7);
    const big = await client.listSessionsPage('', { pageSize: LIST_SESSIONS_PAGE.maxSize + 1 }).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(InvalidArgumentError);
    expect((big as InvalidArgumentError).field).toBe('page_size');
    for (const pageToken of ['garbage', Buffer.from("1_'; DROP TABLE x; --").toString('base64url')]) {
      const bad = await client.listSessionsPage('', { pageToken }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(InvalidArgumentError);
      expect((bad as InvalidArgumentError).field).toBe('page_token');
    }
    await expect(client.listSessionsPage('no-such-db')).rejects.toThrow(NotFoundError);
  });
});
