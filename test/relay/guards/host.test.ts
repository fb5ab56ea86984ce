// Guard: Host allowlist against DNS rebinding.
import { afterEach, describe, expect, test } from 'vitest';
import { request as httpRequest } from 'node:http';
import { chatBody, rig, type Rig } from '../_support/helpers.js';
import { firstForwardedHost, hostnameOf, MAX_HOST_LENGTH } from '../../../src/relay/guards/host.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/** fetch() cannot set Host, so a raw node:http request plays the rebinding browser. */
function post(url: string, host: string, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/v1/chat/completions`,
      { method: 'POST', headers: { host, origin, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(chatBody());
  });
}

describe('host values', () => {
  test('oversized Host and X-Forwarded-Host values name no host', () => {
    expect(hostnameOf('a'.repeat(MAX_HOST_LENGTH + 1))).toBe('');
    expect(firstForwardedHost(' chat.example.com, inner')).toBe('chat.example.com');
    expect(firstForwardedHost(','.repeat(1000))).toBeNull();
    expect(firstForwardedHost('a'.repeat(MAX_HOST_LENGTH + 1))).toBeNull();
  });
});

describe('host guard', () => {
  test('hostnameOf', () => {
    expect(hostnameOf('LocalHost:8787')).toBe('localhost');
    expect(hostnameOf('[::1]:8787')).toBe('[::1]');
    expect(hostnameOf('chat.example.com')).toBe('chat.example.com');
  });

  test('without allowedHosts, a rebinding page is treated as the own origin (the hole this guard closes)', async () => {
    r = await rig();
    const res = await post(r.relay.url, 'evil.example:8787', 'http://evil.example:8787');
    expect(res.status).toBe(200);
  });

  test('with allowedHosts, other Host names get 403 and the upstream is not called', async () => {
    r = await rig({ allowedHosts: ['localhost', '127.0.0.1', '[::1]', '.example.org'] });
    const evil = await post(r.relay.url, 'evil.example:8787', 'http://evil.example:8787');
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.code).toBe('host_not_allowed');
    expect(r.upstream.exchanges).toHaveLength(0);
    const local = await post(r.relay.url, new URL(r.relay.url).host, r.relay.url);
    expect(local.status).toBe(200);
    const sub = await post(r.relay.url, 'chat.example.org', 'https://chat.example.org');
    expect(sub.status).toBe(200);
  });
});
