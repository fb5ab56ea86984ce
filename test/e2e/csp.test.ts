// The page under the relay's Content-Security-Policy (security issue #11, part 8): it loads, answers a chat with
// rendered Markdown and code, and the browser reports no violation; the headers are on the page, the widget and
// a chunk.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { send, usePage, waitReply } from './harness.js';

const WIDGET_CHUNKS = resolve(import.meta.dirname, '../../dist/widget/chunks');

const app = usePage({ demoDelayMs: 1 });
const relay = app.relay;

function expectSecurityHeaders(headers: Headers, what: string): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("connect-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("form-action 'none'");
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
}

describe('the page under its Content-Security-Policy', { timeout: 90_000 }, () => {
  it('serves the page, the widget and its chunks with the security headers', async () => {
    const chunk = readdirSync(WIDGET_CHUNKS).find((f) => f.endsWith('.js'));
    expect(chunk, 'run npm run build first').toBeTruthy();
    const html = await (await fetch(`${relay.url}/`)).text();
    const pageScript = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(pageScript).toBeTruthy();
    for (const path of ['/', '/gpt-chat.js', `/chunks/${chunk}`, pageScript!, '/theme-boot.js']) {
      const res = await fetch(`${relay.url}${path}`);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res.headers, path);
    }
  });

  it('loads and completes a chat with zero CSP violations', async () => {
    const violations: string[] = [];
    const { context, page, errors } = await app.open({
      setup: (ctx) =>
        ctx.addInitScript(() => {
          const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
          document.addEventListener('securitypolicyviolation', (e) =>
            seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
          );
        }),
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /content security policy/i.test(m.text())) violations.push(m.text());
    });
    const main = await page.context().request.get(relay.url);
    expectSecurityHeaders(new Headers(main.headers()), 'page in the browser');
    await send(page, 'Show me Markdown');
    await waitReply(page);
    const reply = page.locator('gpt-chat [part~="assistant"]').last();
    await reply.locator('table').first().waitFor();
    await reply.locator('pre').first().waitFor();
    // Open and close a dialog and toggle the theme: styles applied at runtime must pass too.
    await page.locator('gpt-chat-sidebar button.row', { hasText: 'Settings' }).click();
    await page.locator('gpt-chat-settings label.choice', { hasText: 'Dark' }).click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    violations.push(...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)));
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    // Control: the policy is in force and the listener sees a violation when there is one.
    await page.evaluate(() => {
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'b{}' }));
    });
    await page.waitForFunction(() =>
      (window as unknown as { __csp: string[] }).__csp.some((v) => v.startsWith('style-src')),
    );
    await context.close();
  });
});
