// Small helpers for the relay fault matrix: raw HTTP against the spawned CLI, SSE parsing, and a client that
// can stop at any stage.
import { connect, type Socket } from 'node:net';

export interface SseOutcome {
  /** Every `data:` payload, in order. */
  data: string[];
  comments: string[];
  /** The stream ended normally with [DONE]. */
  done: boolean;
  /** The last data event was an OpenAI-shaped error. */
  error: { message: string; type: string; code: string | null } | null;
}

export function parseSseText(text: string): SseOutcome {
  const data: string[] = [];
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    else if (line.startsWith(':')) comments.push(line.slice(1).trim());
  }
  let error: SseOutcome['error'] = null;
  const last = data.at(-1);
  if (last && last !== '[DONE]') {
    try {
      const parsed = JSON.parse(last);
      if (parsed && typeof parsed === 'object' && 'error' in parsed) error = parsed.error;
    } catch {
      // not JSON: not an error event
    }
  }
  return { data, comments, done: last === '[DONE]', error };
}

export function chatRequest(stream = true): string {
  return JSON.stringify({ model: 'fake-model', stream, messages: [{ role: 'user', content: 'fault matrix 故障' }] });
}

export function post(url: string, init: RequestInit & { stream?: boolean } = {}): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatRequest(init.stream ?? true),
    ...init,
  });
}

/** Reads a body to its end as text; a transport error is returned as `failed` instead of thrown. */
export async function readAll(res: Response): Promise<{ text: string; failed: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return { text: text + decoder.decode(), failed: null };
  } catch (failed) {
    return { text, failed };
  }
}

/** Opens a raw TCP connection to an http://host:port URL. */
export function rawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the socket receives until it closes (or `timeoutMs` passes: then `closed` is false). */
export function collect(socket: Socket, timeoutMs: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    const timer = setTimeout(() => resolve({ text, closed: false }), timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('error', () => undefined);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
