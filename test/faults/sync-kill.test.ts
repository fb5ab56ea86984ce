// kill -9 of the relay while pages upload sync records: the spawned CLI (--sync-dir) is killed mid-upload, then
// started again on the same directory. Every record it lists must be whole (one of the bodies a client sent,
// never a torn one), no temp file survives, and the next sync (writes over the listed versions) completes.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRelayBuilt, startCli, type RunningCli } from '../relay/_support/run-cli.js';

const TOKEN = 'tok-sync-kill-0123456789';
const RECORDS = 24;
const auth = { authorization: `Bearer ${TOKEN}` };
/** Each record's bodies are long runs of one letter per round, so a torn write would show as a mix or a cut. */
const body = (round: number, i: number) => String.fromCharCode(97 + ((round + i) % 26)).repeat(256 * 1024 + i);

let dir: string;
const running: RunningCli[] = [];
const start = async () => {
  const cli = await startCli(['--access-token', TOKEN, '--sync-dir', dir, '--sync-quota', String(1 << 30)]);
  running.push(cli);
  return cli;
};

beforeAll(() => {
  ensureRelayBuilt();
  dir = mkdtempSync(join(tmpdir(), 'gpt-chat-sync-kill-'));
}, 180_000);
afterAll(async () => {
  await Promise.all(running.map((cli) => cli.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** Every record changed after `since`, following the listing's pages. */
async function listAll(url: string, since = 0) {
  const records: { id: string; version: number; data: string }[] = [];
  for (;;) {
    const page = await (await fetch(`${url}/v1/sync/records?since=${since}`, { headers: auth })).json();
    records.push(...page.records);
    since = page.version;
    if (!page.more) return { records, version: page.version as number };
  }
}

async function put(url: string, id: string, base: number, data: string): Promise<Response> {
  return fetch(`${url}/v1/sync/records/${id}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${base}"` },
    body: JSON.stringify({ data }),
  });
}

describe('sync store under kill -9 (spawned CLI)', () => {
  it('leaves only whole records, and the next sync completes', async () => {
    const first = await start();
    const versions = new Map<string, number>();
    for (let i = 0; i < RECORDS; i++) {
      const res = await put(first.url, `chat-${i}`, 0, body(0, i));
      versions.set(`chat-${i}`, (await res.json()).version);
    }
    // Round 1: every record rewritten at once; the process is killed while the uploads are in flight.
    const uploads = [...versions].map(([id, base], i) => put(first.url, id, base, body(1, i)).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 40));
    first.child.kill('SIGKILL');
    const answered = await Promise.all(uploads);
    // The kill landed mid-upload: some requests never got an answer.
    expect(answered.filter((res) => res === null).length).toBeGreaterThan(0);
    expect(await first.exited).toBe('SIGKILL');

    const second = await start();
    const listed = await listAll(second.url);
    expect(listed.records).toHaveLength(RECORDS);
    for (const record of listed.records) {
      const i = Number(record.id.slice(5));
      expect([body(0, i), body(1, i)]).toContain(record.data);
    }
    const spaceDir = join(dir, readdirSync(dir)[0]!);
    expect(readdirSync(spaceDir).filter((name) => !name.endsWith('.rec'))).toEqual([]);

    // The next sync: each record written over the version just listed.
    for (const record of listed.records) {
      const i = Number(record.id.slice(5));
      const res = await put(second.url, record.id, record.version, body(2, i));
      expect(res.status).toBe(200);
    }
    const after = await listAll(second.url, listed.version);
    expect(after.records).toHaveLength(RECORDS);
  }, 60_000);
});
