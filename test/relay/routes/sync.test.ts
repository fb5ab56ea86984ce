// /v1/sync over real HTTP: the relay in front of a fake upstream, with an in-memory or file sync store.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rig, type Rig } from '../_support/helpers.js';
import { createMemorySyncStore } from '../../../src/relay/stores/sync-memory.js';
import { createFileSyncStore } from '../../../src/relay/stores/sync-files.js';
import { spaceOf } from '../../../src/relay/sync/space.js';

const TOKEN = 'tok-sync-alice-0123456789';
const OTHER = 'tok-sync-bob-0123456789ab';

function client(url: string, token = TOKEN) {
  const auth = { authorization: `Bearer ${token}` };
  return {
    list: (since = 0) => fetch(`${url}/v1/sync/records?since=${since}`, { headers: auth }),
    put: (id: string, base: number | null, body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${url}/v1/sync/records/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: {
          ...auth,
          'content-type': 'application/json',
          ...(base === null ? {} : { 'if-match': `"${base}"` }),
          ...extra,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    drop: () => fetch(`${url}/v1/sync`, { method: 'DELETE', headers: auth }),
  };
}

describe('/v1/sync with a file store', () => {
  let r: Rig;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gpt-chat-sync-route-'));
    r = await rig({ accessTokens: [TOKEN, OTHER], syncStore: createFileSyncStore(dir), syncQuota: 4096 });
  });
  afterAll(async () => {
    await r.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, updates with If-Match and answers 409 with the current record for a stale version', async () => {
    const alice = client(r.relay.url);
    const created = await alice.put('chat-1', 0, { data: 'Y2lwaGVyLTE' });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ id: 'chat-1', version: 1, deleted: false, data: 'Y2lwaGVyLTE' });
    const updated = await alice.put('chat-1', 1, { data: 'Y2lwaGVyLTI' });
    expect(await updated.json()).toMatchObject({ version: 2 });
    const stale = await alice.put('chat-1', 1, { data: 'bG9zZXI' });
    expect(stale.status).toBe(409);
    const conflict = await stale.json();
    expect(conflict.error).toMatchObject({ code: 'sync_conflict', type: 'invalid_request_error' });
    expect(conflict.current).toEqual({ id: 'chat-1', version: 2, deleted: false, data: 'Y2lwaGVyLTI' });
    const listed = await (await alice.list(0)).json();
    expect(listed).toMatchObject({ version: 2, more: false, quota: 4096, records: [{ id: 'chat-1', version: 2 }] });
    expect((await (await alice.list(2)).json()).records).toEqual([]);
  });

  it('keeps each token in its own space, stored under the hash of the token and never the token', async () => {
    const bob = client(r.relay.url, OTHER);
    expect((await bob.put('chat-1', 0, { data: 'Ym9i' })).status).toBe(200);
    const listed = await (await bob.list()).json();
    expect(listed.records).toEqual([{ id: 'chat-1', version: 1, deleted: false, data: 'Ym9i' }]);
    const names = readdirSync(dir);
    expect(names.sort()).toEqual([await spaceOf(TOKEN), await spaceOf(OTHER)].sort());
    expect(names.join()).not.toContain('tok-sync');
  });

  it('deletes with a tombstone, then DELETE /v1/sync removes the whole remote copy', async () => {
    const bob = client(r.relay.url, OTHER);
    const gone = await bob.put('chat-1', 1, { deleted: true });
    expect(await gone.json()).toEqual({ id: 'chat-1', version: 2, deleted: true, data: '' });
    const dropped = await bob.drop();
    expect(dropped.status).toBe(200);
    expect((await (await bob.list()).json()).records).toEqual([]);
    expect(readdirSync(dir)).toEqual([await spaceOf(TOKEN)]);
  });

  it('refuses a write past the quota with 507 sync_quota_exceeded, and keeps what was stored', async () => {
    const alice = client(r.relay.url);
    const full = await alice.put('chat-big', 0, { data: 'z'.repeat(5000) });
    expect(full.status).toBe(507);
    expect((await full.json()).error).toMatchObject({ code: 'sync_quota_exceeded', type: 'server_error' });
    expect((await (await alice.list()).json()).records.map((x: { id: string }) => x.id)).toEqual(['chat-1']);
  });

  it('refuses bad ids, bodies and headers with OpenAI-shaped errors', async () => {
    const alice = client(r.relay.url);
    const cases: [Promise<Response>, number, string][] = [
      [alice.put('../escape', 0, { data: 'eA' }), 400, 'invalid_record_id'],
      [alice.put('.hidden', 0, { data: 'eA' }), 400, 'invalid_record_id'],
      [alice.put('x'.repeat(129), 0, { data: 'eA' }), 400, 'invalid_record_id'],
      [alice.put('chat-2', null, { data: 'eA' }), 428, 'missing_if_match'],
      [alice.put('chat-2', 0, { data: 'not base64!' }), 400, 'invalid_record'],
      [alice.put('chat-2', 0, '{"data":'), 400, 'invalid_record'],
      [alice.put('chat-2', 0, { data: 'eA' }, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
      [
        fetch(`${r.relay.url}/v1/sync/records?since=-1`, { headers: { authorization: `Bearer ${TOKEN}` } }),
        400,
        'invalid_since',
      ],
      [fetch(`${r.relay.url}/v1/sync/records`), 401, 'missing_access_token'],
      [client(r.relay.url, 'tok-wrong-0123456789abc').list(), 401, 'invalid_access_token'],
      [
        fetch(`${r.relay.url}/v1/sync/records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }),
        405,
        'method_not_allowed',
      ],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
  });

  it('refuses a record body over the cap with 413 before reading it all', async () => {
    const res = await client(r.relay.url).put('chat-huge', 0, { data: 'a'.repeat(9 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('request_too_large');
  });
});

describe('/v1/sync when it cannot serve', () => {
  it('is 404 sync_disabled without a store, and 403 sync_needs_access_token on a relay without tokens', async () => {
    const off = await rig({ accessTokens: [TOKEN] });
    const open = await rig({ syncStore: createMemorySyncStore() });
    try {
      const disabled = await client(off.relay.url).list();
      expect([disabled.status, (await disabled.json()).error.code]).toEqual([404, 'sync_disabled']);
      const tokenless = await fetch(`${open.relay.url}/v1/sync/records`);
      expect([tokenless.status, (await tokenless.json()).error.code]).toEqual([403, 'sync_needs_access_token']);
    } finally {
      await off.close();
      await open.close();
    }
  });

  it('lets a page on another allowed origin use PUT and If-Match (CORS preflight)', async () => {
    const r = await rig({
      accessTokens: [TOKEN],
      syncStore: createMemorySyncStore(),
      allowOrigins: ['https://page.example'],
    });
    try {
      const res = await fetch(`${r.relay.url}/v1/sync/records/chat-1`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://page.example',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type, if-match',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    } finally {
      await r.close();
    }
  });
});
