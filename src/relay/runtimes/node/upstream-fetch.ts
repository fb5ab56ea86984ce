// The fetch the Node CLI hands to createRelay(): undici (the package, not Node's bundled copy, whose dispatcher
// API differs) over one dispatcher that keeps upstream connections alive and, when configured, sends them
// through an outbound proxy. The proxy comes only from the operator (--proxy or the *_PROXY environment),
// never from a request.
//
// Two engines produce the web Response the relay reads: "request" (default: a fetch-shaped wrapper over
// dispatcher.request(), see request-fetch.ts for why) and "fetch" (undici's full fetch()). Both use the same
// dispatcher, so proxies, NO_PROXY, keep-alive and timeouts behave identically; the tests run against both.
import { Agent, Dispatcher, ProxyAgent, Socks5ProxyAgent, fetch as undiciFetch } from 'undici';
import { matchesNoProxy } from './no-proxy.js';
import { createRequestFetch } from './request-fetch.js';

export interface UpstreamFetchOptions {
  /** Explicit proxy (the --proxy flag). When absent, HTTPS_PROXY / HTTP_PROXY / ALL_PROXY are read from env. */
  proxy?: string;
  /** Environment to read *_PROXY and NO_PROXY from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The relay's upstream idle timeout in seconds (0 = none). undici's own header/body timeouts default to 300 s,
   * which would cut a reasoning model that thinks longer, so they are set a little past the relay's own timer
   * (the relay then reports the timeout in its own words).
   */
  timeoutSeconds?: number;
  /** "request" (default, lighter) or "fetch" (undici's fetch()). */
  engine?: 'request' | 'fetch';
}

export interface UpstreamFetch {
  fetch: typeof globalThis.fetch;
  /** How a URL is reached: "direct" or the proxy URL with any password masked (for the start-up banner). */
  describeRoute(url: string): string;
  /** Closes idle upstream connections and aborts open ones (shutdown). */
  destroy(): Promise<void>;
}

export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

const PROXY_PROTOCOLS = new Set(['http:', 'https:', 'socks5:', 'socks5h:', 'socks:']);

/** Parses and checks a proxy URL; socks5h:// (remote DNS, which undici's SOCKS5 client always does) → socks5://. */
export function parseProxyUrl(raw: string, source = '--proxy'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProxyConfigError(`${source}: not a URL (expected http://host:port or socks5://host:port)`);
  }
  if (!PROXY_PROTOCOLS.has(url.protocol)) {
    throw new ProxyConfigError(
      `${source}: unsupported proxy scheme "${url.protocol}" (use http://, https:// or socks5://)`,
    );
  }
  if (!url.hostname) throw new ProxyConfigError(`${source}: the proxy URL has no host`);
  if (url.protocol === 'socks5h:' || url.protocol === 'socks:')
    url = new URL('socks5:' + url.href.slice(url.protocol.length));
  return url;
}

/** The proxy URL with its password masked, safe to print. */
export function maskProxyUrl(url: URL): string {
  if (!url.password) return url.href;
  const masked = new URL(url.href);
  masked.password = '***';
  return masked.href;
}

function envValue(env: UpstreamFetchOptions['env'], ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env?.[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Which proxy (if any) serves `target`. The explicit proxy wins over the environment; NO_PROXY is honoured for
 * both (as curl does), so an operator can keep a local upstream direct while a global proxy is set.
 */
export function resolveProxy(target: URL, options: Pick<UpstreamFetchOptions, 'proxy' | 'env'>): URL | null {
  const env = options.env ?? process.env;
  const noProxy = envValue(env, 'no_proxy', 'NO_PROXY');
  if (noProxy && matchesNoProxy(target, noProxy)) return null;
  if (options.proxy) return parseProxyUrl(options.proxy);
  const names =
    target.protocol === 'https:'
      ? ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']
      : ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];
  for (const name of names) {
    const value = envValue(env, name);
    if (value) return parseProxyUrl(value, name);
  }
  return null;
}

/**
 * Routes each origin to a direct keep-alive agent or to its proxy agent (decided once per origin), and sets the
 * header/body timeouts on every request, because SOCKS5 pools do not inherit agent-level timeouts.
 */
class UpstreamDispatcher extends Dispatcher {
  readonly #routes = new Map<string, Dispatcher>();
  readonly #agents = new Map<string, Dispatcher>();
  readonly #options: UpstreamFetchOptions;
  readonly #timeoutMs: number;

  constructor(options: UpstreamFetchOptions) {
    super();
    this.#options = options;
    const seconds = options.timeoutSeconds ?? 600;
    // A margin past the relay's own idle timer (up to 5 s), so the relay's timeout error normally wins.
    const ms = seconds * 1000;
    this.#timeoutMs = seconds > 0 ? Math.ceil(ms + Math.min(5_000, Math.max(100, ms / 10))) : 0;
  }

  route(origin: string): Dispatcher {
    let dispatcher = this.#routes.get(origin);
    if (!dispatcher) {
      const proxy = resolveProxy(new URL(origin), this.#options);
      dispatcher = this.#agentFor(proxy);
      this.#routes.set(origin, dispatcher);
    }
    return dispatcher;
  }

  #agentFor(proxy: URL | null): Dispatcher {
    const key = proxy?.href ?? 'direct';
    let agent = this.#agents.get(key);
    if (agent) return agent;
    const common = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 };
    if (!proxy) agent = new Agent(common);
    else if (proxy.protocol === 'socks5:') agent = new Socks5ProxyAgent(proxy.href, {});
    else agent = new ProxyAgent({ uri: proxy.href, ...common });
    this.#agents.set(key, agent);
    return agent;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const target = this.route(String(options.origin));
    // Set on the caller's options (made for this one request by undici's request() or fetch()): a copy of them
    // per request cost more than the rest of this method.
    options.headersTimeout = options.bodyTimeout = this.#timeoutMs;
    return target.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((agent) => agent.close()));
  }

  override async destroy(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((agent) => agent.destroy()));
  }
}

export function createUpstreamFetch(options: UpstreamFetchOptions = {}): UpstreamFetch {
  // Fail at start-up (exit 2 in the CLI) rather than on the first request.
  if (options.proxy) parseProxyUrl(options.proxy);
  const dispatcher = new UpstreamDispatcher(options);
  const fetch = options.engine === 'fetch' ? undiciFetchWith(dispatcher) : createRequestFetch(dispatcher);
  return {
    fetch,
    describeRoute(url) {
      const proxy = resolveProxy(new URL(url), options);
      return proxy ? `via proxy ${maskProxyUrl(proxy)}` : 'direct';
    },
    destroy: () => dispatcher.destroy(),
  };
}

function undiciFetchWith(dispatcher: Dispatcher): typeof globalThis.fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    // A Request built with the global (Node-bundled) class is not undici's own; pass its parts instead.
    if (typeof input === 'object' && !(input instanceof URL)) {
      const { url, method, headers, body, signal } = input;
      return undiciFetch(url, {
        method,
        headers,
        body,
        signal,
        duplex: 'half',
        ...(init as object),
        dispatcher,
      } as never);
    }
    return undiciFetch(input, { ...(init as object), dispatcher } as never);
  }) as unknown as typeof globalThis.fetch;
}
