// The shared rate-limit / quota store for Cloudflare Workers: one Durable Object per counter key.
//
// Why a Durable Object (and not KV, and not Redis): the relay's users who outgrow one server move to Workers,
// where every request may land in a different isolate in a different city, so an in-memory counter limits
// nothing. A counter needs an atomic read-modify-write: KV is eventually consistent (a write takes up to 60 s
// to be seen elsewhere, and one key takes about one write per second), so concurrent requests would all read
// the same old count. A Durable Object is single-threaded and strongly consistent, lives near the client that
// uses it, needs no other account or server (Redis would mean a second provider, a TCP socket from every
// isolate and a password in the Worker's env), and costs nothing while idle. One object per key (i.e. per
// client IP and window kind) keeps each object's load to one client's requests.
//
// No imports from 'cloudflare:workers': the object uses the classic fetch() interface, so this file also
// compiles for Node (tsc) and the classes can be bundled anywhere.

import type { CounterStore, Tally, TallyResult } from '../settings/options.js';
import { applyTally } from './tally.js';

/**
 * Budgets and usage live in one object (a family's tokens × models × day/month is a few hundred keys), so a budget
 * is one atomic step for every isolate and the usage report is one read.
 */
const LEDGER = 'usage-ledger';
/** The ledger's alarm prunes expired entries at most this often (each settled request has its own expiry). */
const PRUNE_EVERY_MS = 3_600_000;

interface Tallied {
  values: Tally;
  expiresAt: number;
}

/** The part of a Durable Object namespace binding this store uses. */
export interface CounterNamespace {
  idFromName(name: string): unknown;
  get(id: never): { fetch(request: Request): Promise<Response> };
}

/** The part of a Durable Object's `state.storage` the counter uses. */
interface CounterStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  deleteAll(): Promise<void>;
  list?<T>(options: { prefix: string }): Promise<Map<string, T>>;
  delete?(key: string): Promise<boolean>;
  setAlarm(scheduledTime: number): Promise<void>;
  getAlarm(): Promise<number | null>;
}

interface CounterState {
  storage: CounterStorage;
}

interface Window {
  count: number;
  resetAt: number;
}

interface TallyRequest {
  key: string;
  deltas: Tally;
  limits: Tally | null;
  expiresAt: number;
  now: number;
}

interface HitRequest {
  windowMs: number;
  now: number;
}

/** A value kept until expiresAt (the access-token lockout). */
interface Kept {
  value: number;
  expiresAt: number;
}

/** Only addressed through the namespace binding; the host is never resolved. */
const OBJECT_URL = 'https://counter.invalid/';

/** The CounterStore the relay uses on Workers: `new DurableObjectCounterStore(env.COUNTERS)`. */
export class DurableObjectCounterStore implements CounterStore {
  constructor(private readonly namespace: CounterNamespace) {}

  async hit(key: string, windowMs: number, now: number): Promise<Window> {
    return (await this.call(key, 'hit', { windowMs, now } satisfies HitRequest)) as Window;
  }

  async put(key: string, value: number, expiresAt: number, now: number): Promise<void> {
    await this.call(key, 'put', { value, expiresAt, now });
  }

  async get(key: string, now: number): Promise<number | undefined> {
    const kept = (await this.call(key, 'get', { now })) as { value: number | null };
    return kept.value ?? undefined;
  }

  async tally(key: string, deltas: Tally, limits: Tally | null, expiresAt: number, now: number): Promise<TallyResult> {
    return (await this.call(LEDGER, 'tally', { key, deltas, limits, expiresAt, now })) as TallyResult;
  }

  async scan(prefix: string, now: number): Promise<Array<{ key: string; values: Tally }>> {
    return (await this.call(LEDGER, 'scan', { prefix, now })) as Array<{ key: string; values: Tally }>;
  }

  private async call(key: string, op: 'hit' | 'put' | 'get' | 'tally' | 'scan', body: object): Promise<unknown> {
    const stub = this.namespace.get(this.namespace.idFromName(key) as never);
    const response = await stub.fetch(
      new Request(OBJECT_URL + op, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    );
    if (!response.ok) throw new Error(`counter object answered ${response.status}`);
    return response.json();
  }
}

/**
 * The Durable Object class behind DurableObjectCounterStore. Export it from the Worker's main module and bind
 * it (wrangler.toml: `[[durable_objects.bindings]] name = "COUNTERS", class_name = "CounterObject"`).
 * Holds one fixed window (per key: `rpm:<ip>` or `day:<ip>`) or one expiring value (`auth-lock:<ip>`); an alarm at
 * its end deletes the stored state, so idle clients cost no storage. The ledger's alarm drops expired tallies, so
 * an idle token's old days go too, not only when someone reads them.
 */
export class CounterObject {
  constructor(private readonly state: CounterState) {}

  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('method not allowed', { status: 405 });
    const op = new URL(request.url).pathname;
    if (op === '/put') return this.put((await request.json()) as Kept & { now: number });
    if (op === '/get') return this.get((await request.json()) as { now: number });
    if (op === '/tally') return this.tally((await request.json()) as TallyRequest);
    if (op === '/scan') return this.scan((await request.json()) as { prefix: string; now: number });
    const { windowMs, now } = (await request.json()) as HitRequest;
    if (!(windowMs > 0) || !Number.isFinite(now)) return new Response('bad hit', { status: 400 });
    // A Durable Object's input gate runs this read-modify-write without interleaving other requests.
    // Windows align to multiples of windowMs since the epoch, as in the in-memory store (a day resets at 00:00 UTC).
    const resetAt = Math.floor(now / windowMs) * windowMs + windowMs;
    const current = await this.state.storage.get<Window>('window');
    const next: Window =
      current && current.resetAt === resetAt ? { count: current.count + 1, resetAt } : { count: 1, resetAt };
    await this.state.storage.put('window', next);
    if (next.count === 1) await this.state.storage.setAlarm(next.resetAt);
    return Response.json(next);
  }

  private async put({ value, expiresAt, now }: Kept & { now: number }): Promise<Response> {
    if (![value, expiresAt, now].every(Number.isFinite)) return new Response('bad put', { status: 400 });
    await this.state.storage.put<Kept>('kept', { value, expiresAt });
    await this.state.storage.setAlarm(Math.max(expiresAt, now));
    return Response.json({});
  }

  private async tally({ key, deltas, limits, expiresAt, now }: TallyRequest): Promise<Response> {
    const storageKey = `t:${key}`;
    const entry = await this.state.storage.get<Tallied>(storageKey);
    const result = applyTally(entry && entry.expiresAt > now ? entry.values : {}, deltas, limits);
    if (result.ok) {
      await this.state.storage.put<Tallied>(storageKey, { values: result.values, expiresAt });
      const alarm = await this.state.storage.getAlarm();
      if (alarm === null || alarm > expiresAt) await this.state.storage.setAlarm(expiresAt);
    }
    return Response.json(result);
  }

  private async scan({ prefix, now }: { prefix: string; now: number }): Promise<Response> {
    const entries = await this.state.storage.list!<Tallied>({ prefix: `t:${prefix}` });
    const out: Array<{ key: string; values: Tally }> = [];
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= now) await this.state.storage.delete!(key);
      else out.push({ key: key.slice(2), values: entry.values });
    }
    return Response.json(out);
  }

  private async get({ now }: { now: number }): Promise<Response> {
    const kept = await this.state.storage.get<Kept>('kept');
    return Response.json({ value: kept && kept.expiresAt > now ? kept.value : null });
  }

  /** Deletes the expired tallies; the earliest expiry of those left, or null when none is left. */
  private async pruneLedger(now: number): Promise<number | null> {
    const entries = await this.state.storage.list!<Tallied>({ prefix: 't:' });
    let earliest: number | null = null;
    for (const [key, entry] of entries) {
      if (entry.expiresAt <= now) await this.state.storage.delete!(key);
      else if (earliest === null || entry.expiresAt < earliest) earliest = entry.expiresAt;
    }
    return earliest;
  }

  async alarm(): Promise<void> {
    const current = await this.state.storage.get<Window>('window');
    const kept = await this.state.storage.get<Kept>('kept');
    // Date.now() in a Durable Object advances with I/O, which an alarm is; the window may have restarted.
    const now = Date.now();
    const ledgerNext = await this.pruneLedger(now);
    const until = Math.max(current?.resetAt ?? 0, kept?.expiresAt ?? 0);
    const next = [until > now ? until : null, ledgerNext === null ? null : Math.max(ledgerNext, now + PRUNE_EVERY_MS)];
    const at = next.filter((time): time is number => time !== null);
    if (at.length === 0) await this.state.storage.deleteAll();
    else await this.state.storage.setAlarm(Math.min(...at));
  }
}
