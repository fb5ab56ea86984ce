// The Durable Object ledger in workerd forgets expired tallies on its own: an entry that expires is deleted by the
// object's alarm, without anyone reading it (an idle token's old days do not stay forever), and the entries still
// live are kept. The scans below pass now = 0, which deletes nothing, so only the alarm can have removed an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOneWorker, type OneWorker } from './_support/one-worker.js';

describe('the budget ledger Durable Object in workerd', () => {
  let worker: OneWorker;

  beforeAll(async () => {
    worker = await startOneWorker({
      entry: 'test/relay/stores/_support/ledger-worker.ts',
      objects: { binding: 'COUNTERS', className: 'CounterObject', uniqueKey: 'gpt-chat-ledger-prune-test' },
    });
  });
  afterAll(() => worker?.stop());

  const call = async (op: 'tally' | 'scan', body: object) => {
    const response = await fetch(`${worker.url}/${op}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json();
  };
  const keys = async () =>
    ((await call('scan', { prefix: 'usage:', now: 0 })) as Array<{ key: string }>).map((entry) => entry.key).sort();

  it('an expired entry is pruned by the alarm without a read; the live ones stay', async () => {
    const now = Date.now();
    const written = { ok: true, values: { requests: 1 } };
    expect(await call('tally', { key: 'usage:2026-11-29:mum:gpt', expiresAt: now + 5_000, now })).toEqual(written);
    expect(await call('tally', { key: 'usage:2026-11:mum:gpt', expiresAt: now + 86_400_000, now })).toEqual(written);
    expect(await call('tally', { key: 'usage:2026-11-29:kid:gpt', expiresAt: now + 300, now })).toEqual(written);
    const live = ['usage:2026-11-29:mum:gpt', 'usage:2026-11:mum:gpt'];
    await expect.poll(keys, { timeout: 10_000, interval: 200 }).toEqual(live);
    // The next prune waits PRUNE_EVERY_MS (an hour) after the last, so the 5-second one is still there, unread.
    await new Promise((done) => setTimeout(done, Math.max(0, now + 5_500 - Date.now())));
    expect(await keys()).toEqual(live);
  });
});
