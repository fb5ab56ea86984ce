// A Worker that exposes the Durable Object ledger's tally and scan with the caller's own times, so a test can write
// entries that expire in a moment and watch the object's alarm prune them (the relay always writes days ahead).
import {
  CounterObject,
  DurableObjectCounterStore,
  type CounterNamespace,
} from '../../../../src/relay/stores/durable-object.js';

export { CounterObject };

interface LedgerCall {
  key: string;
  prefix: string;
  expiresAt: number;
  now: number;
}

export default {
  async fetch(request: Request, env: { COUNTERS: CounterNamespace }): Promise<Response> {
    const op = new URL(request.url).pathname;
    if (op === '/health') return new Response('ok');
    const store = new DurableObjectCounterStore(env.COUNTERS);
    const call = (await request.json()) as LedgerCall;
    if (op === '/tally')
      return Response.json(await store.tally(call.key, { requests: 1 }, null, call.expiresAt, call.now));
    if (op === '/scan') return Response.json(await store.scan(call.prefix, call.now));
    return new Response('not found', { status: 404 });
  },
};
