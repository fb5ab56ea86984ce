// A fake OpenAI-compatible upstream (node:http on 127.0.0.1) driven per test: each test registers a scenario
// under a marker it puts in its request (the first message's content), so cases never see each other's traffic.
// It records what each scenario received and whether the relay's connection went away before the reply ended.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface ScenarioContext {
  request: ReceivedRequest;
  res: ServerResponse;
  /** Resolves when the relay closes the connection before the response ended. */
  clientGone: Promise<void>;
}

export type Scenario = (context: ScenarioContext) => void | Promise<void>;

export interface ScenarioRecord {
  requests: ReceivedRequest[];
  /** Set once the relay went away before the response finished. */
  clientWentAway: boolean;
  /** Resolves at the first request this scenario receives. */
  called: Promise<ReceivedRequest>;
  /** Resolves when the relay's connection for this scenario closes early. */
  wentAway: Promise<void>;
}

export interface ScriptedUpstream {
  /** Base URL ending in /v1, as the relay's --upstream. */
  url: string;
  /** Registers `scenario` for requests whose first message content is `marker`. */
  on(marker: string, scenario: Scenario): ScenarioRecord;
  close(): Promise<void>;
}

function markerOf(body: Record<string, unknown>): string | undefined {
  const messages = body.messages;
  if (!Array.isArray(messages)) return undefined;
  const content = (messages[0] as { content?: unknown } | undefined)?.content;
  return typeof content === 'string' ? content : undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { unparsable: text };
  }
}

export async function startScriptedUpstream(port = 0): Promise<ScriptedUpstream> {
  const scenarios = new Map<
    string,
    { scenario: Scenario; record: ScenarioRecord; resolveCalled: (r: ReceivedRequest) => void; resolveGone: () => void }
  >();

  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    const marker = markerOf(body);
    const entry = marker === undefined ? undefined : scenarios.get(marker);
    if (!entry) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `no scenario for ${req.method} ${req.url} (${marker})`, type: 'fake_upstream', code: null },
        }),
      );
      return;
    }
    entry.record.requests.push(request);
    entry.resolveCalled(request);
    const clientGone = new Promise<void>((resolve) => {
      res.on('close', () => {
        if (!res.writableFinished) {
          entry.record.clientWentAway = true;
          entry.resolveGone();
          resolve();
        }
      });
    });
    try {
      await entry.scenario({ request, res, clientGone });
    } catch {
      res.destroy();
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}/v1`,
    on(marker, scenario) {
      let resolveCalled!: (r: ReceivedRequest) => void;
      let resolveGone!: () => void;
      const record: ScenarioRecord = {
        requests: [],
        clientWentAway: false,
        called: new Promise((resolve) => (resolveCalled = resolve)),
        wentAway: new Promise((resolve) => (resolveGone = resolve)),
      };
      scenarios.set(marker, { scenario, record, resolveCalled, resolveGone });
      return record;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** SSE helpers for scenarios. */
export const sse = {
  headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const,
  chunk(content: string, extra: Record<string, unknown> = {}): string {
    return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;
  },
  done: 'data: [DONE]\n\n',
};
