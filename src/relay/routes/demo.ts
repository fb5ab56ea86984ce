// The built-in `demo` model, answered when no upstream key is configured: a Markdown showcase streamed in small
// OpenAI-format chunks, so `npm start` shows a working chat (and everything the renderer handles) with no key.
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Usage } from '../../shared/openai.js';
import { DEMO_MODEL } from '../../shared/openai.js';
import { JSON_CONTENT_TYPE } from '../errors.js';
import { SSE_HEADERS } from '../exchange/sse-framing.js';

export const DEMO_REPLY = `# Hello from gpt-chat 👋

This is the built-in **demo** model: the relay has no API key yet, so it answers with this showcase instead of calling a real model.

## What you can do

1. Start the relay with a key: \`npx gpt-chat --api-key sk-...\`
2. Pick a provider: \`--provider deepseek\`, \`qwen\`, \`moonshot\`, \`zhipu\`, \`openrouter\`, \`ollama\` or \`azure\`
3. Embed \`<gpt-chat>\` on any page — the key stays on the server.

## Markdown, rendered safely

| Feature | Status | Notes |
|---|:---:|---|
| Streaming | ✅ | byte-exact SSE passthrough |
| Code highlighting | ✅ | highlight.js |
| Sanitizing | ✅ | DOMPurify |

### TypeScript

\`\`\`ts
const res = await fetch('/v1/chat/completions', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
});
\`\`\`

### Python

\`\`\`python
from openai import OpenAI

client = OpenAI(base_url="http://127.0.0.1:8787/v1", api_key="unused")
for chunk in client.chat.completions.create(model="demo", stream=True, messages=[{"role": "user", "content": "hi"}]):
    print(chunk.choices[0].delta.content or "", end="")
\`\`\`

> 你好！这是一个演示回复：配置 API 密钥后，就能和真正的模型对话了。

*Have fun!*
`;

const CJK = '\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef';
const PIECE = new RegExp(`[${CJK}]{1,2}|\\s*[^\\s${CJK}]{1,6}|\\s+`, 'gu');

/** Splits text into small, token-like pieces (never inside a code point) whose concatenation is the text. */
export function demoPieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function demoUsage(request: ChatCompletionRequest, completionPieces: number): Usage {
  const prompt = estimateTokens(JSON.stringify(request.messages));
  return { prompt_tokens: prompt, completion_tokens: completionPieces, total_tokens: prompt + completionPieces };
}

const encoder = new TextEncoder();

function sse(value: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
}

export interface DemoOptions {
  delayMs: number;
  /** Receives the usage once the reply is complete (for the request log). */
  onUsage?: (usage: Usage) => void;
}

/** The demo reply as an OpenAI streaming (SSE) or JSON response. */
export function demoResponse(request: ChatCompletionRequest, options: DemoOptions): Response {
  const id = `chatcmpl-demo${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const pieces = demoPieces(DEMO_REPLY);
  const usage = demoUsage(request, pieces.length);

  if (!request.stream) {
    const completion: ChatCompletion = {
      id,
      object: 'chat.completion',
      created,
      model: DEMO_MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: DEMO_REPLY }, finish_reason: 'stop' }],
      usage,
    };
    options.onUsage?.(usage);
    return new Response(JSON.stringify(completion), { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE } });
  }

  const chunk = (
    delta: ChatCompletionChunk['choices'][0]['delta'],
    finish: ChatCompletionChunk['choices'][0]['finish_reason'] = null,
  ): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: DEMO_MODEL,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const events: Uint8Array[] = [
    sse(chunk({ role: 'assistant', content: '' })),
    ...pieces.map((p) => sse(chunk({ content: p }))),
    sse(chunk({}, 'stop')),
    sse({
      id,
      object: 'chat.completion.chunk',
      created,
      model: DEMO_MODEL,
      choices: [],
      usage,
    } satisfies ChatCompletionChunk),
    encoder.encode('data: [DONE]\n\n'),
  ];
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (next > 0 && options.delayMs > 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, options.delayMs);
          });
        }
        if (next >= events.length) return; // cancelled while waiting
        controller.enqueue(events[next++]!);
        if (next === events.length) {
          options.onUsage?.(usage);
          controller.close();
        }
      },
      cancel() {
        // The client went away: stop the timer chain.
        next = events.length;
        clearTimeout(timer);
        wake?.();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS } });
}
