// The demo model: a relay with no key streams a Markdown showcase reply, and lists `demo` as its model.
import { describe, expect, it } from 'vitest';
import { DEMO_MODEL } from '../../../src/shared/openai.js';
import type { ConformanceContext } from '../context.js';
import { StreamReader } from '../client.js';

function contentOf(sseText: string): string {
  let content = '';
  for (const line of sseText.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice('data: '.length)) as { choices?: Array<{ delta?: { content?: string } }> };
    content += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return content;
}

export function demoCases(ctx: () => ConformanceContext): void {
  describe('demo model (no key configured)', () => {
    it('streams a Markdown showcase: heading, list, table and code', async (test) => {
      const demoUrl = ctx().demoUrl;
      if (!demoUrl) return test.skip('RELAY_DEMO_URL not given for the external relay');
      const response = await fetch(new URL('/v1/chat/completions', demoUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: '你好' }], stream: true }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = new StreamReader(response);
      await reader.until((text) => text.includes('data: [DONE]'));
      const events = reader.text.split('\n').filter((line) => line.startsWith('data: {'));
      expect(events.length).toBeGreaterThan(3); // small chunks, not one blob
      const markdown = contentOf(reader.text);
      expect(markdown).toMatch(/^#{1,3} /m);
      expect(markdown).toMatch(/^\s*(?:[-*]|\d+\.) /m);
      expect(markdown).toMatch(/^\|.*\|\s*$/m);
      expect((markdown.match(/```/g) ?? []).length).toBeGreaterThanOrEqual(4); // two fenced blocks
    });

    it('lists the demo model', async (test) => {
      const demoUrl = ctx().demoUrl;
      if (!demoUrl) return test.skip('RELAY_DEMO_URL not given for the external relay');
      const response = await fetch(new URL('/v1/models', demoUrl));
      expect(response.status).toBe(200);
      const list = (await response.json()) as { data: Array<{ id: string }> };
      expect(list.data.map((model) => model.id)).toContain(DEMO_MODEL);
    });
  });
}
