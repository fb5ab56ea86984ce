// The sync steps every runtime's store must pass over real HTTP (Workers' Durable Object, Deno KV): versions, 409
// with the current record, tombstones, records larger than one storage value, the quota and deleting the space.
// The relay under test has `token` configured and a sync quota of SYNC_CONTRACT_QUOTA bytes.
import { expect, it } from 'vitest';

export const SYNC_CONTRACT_QUOTA = 600_000;

export function syncHttpContract(baseUrl: () => string, token: string): void {
  const auth = { authorization: `Bearer ${token}` };
  const put = (id: string, base: number, body: unknown) =>
    fetch(`${baseUrl()}/v1/sync/records/${id}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${base}"` },
      body: JSON.stringify(body),
    });
  const list = async (since = 0) =>
    (await fetch(`${baseUrl()}/v1/sync/records?since=${since}`, { headers: auth })).json();

  it('writes versions, answers 409 with the current record, keeps tombstones and large records whole', async () => {
    expect(await (await put('chat-1', 0, { data: 'b25l' })).json()).toMatchObject({ version: 1 });
    expect(await (await put('chat-1', 1, { data: 'dHdv' })).json()).toMatchObject({ version: 2 });
    const stale = await put('chat-1', 1, { data: 'bGF0ZQ' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).current).toEqual({ id: 'chat-1', version: 2, deleted: false, data: 'dHdv' });
    const big = 'Q'.repeat(300_000); // several storage values
    expect((await put('chat-big', 0, { data: big })).status).toBe(200);
    expect((await put('chat-big', 3, { data: 'c21hbGw' })).status).toBe(200); // shrinks to one value
    expect((await put('chat-1', 2, { deleted: true })).status).toBe(200);
    const listed = await list();
    expect(listed.records).toEqual([
      { id: 'chat-big', version: 4, deleted: false, data: 'c21hbGw' },
      { id: 'chat-1', version: 5, deleted: true, data: '' },
    ]);
    expect((await put('chat-big', 4, { data: big })).status).toBe(200);
    expect((await list(5)).records[0].data).toBe(big);
  });

  it('serializes concurrent writes: exactly one wins a base version', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => put('chat-race', 0, { data: `cg${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  });

  it('refuses a write past the quota with 507, then deletes the whole space', async () => {
    const full = await put('chat-full', 0, { data: 'z'.repeat(400_000) });
    expect(full.status).toBe(507);
    expect((await full.json()).error.code).toBe('sync_quota_exceeded');
    expect((await fetch(`${baseUrl()}/v1/sync`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect(await list()).toMatchObject({ records: [], version: 0, bytes: 0 });
  });
}
