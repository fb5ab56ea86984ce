// The start-up banner: what is being served, to whom, from where — and, for a new user, that replies come from
// the demo model until a key is set. Never prints a key or an access token (only how many there are).
import type { RelayOptions } from '../settings/options.js';
import { isLoopbackHost } from './loopback.js';

export interface BannerInput {
  version: string;
  url: string;
  host: string;
  relay: RelayOptions;
  /** Resolved upstream base URL and provider. */
  upstream: string;
  provider: string;
  /** Whether this provider works without a key (ollama): then no key does not mean demo mode. */
  keyRequired: boolean;
  /** "direct" or "via proxy http://…" (password masked). */
  route: string;
  logFormat: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function bannerText(input: BannerInput): string {
  const { relay } = input;
  const keys = relay.apiKeys?.length ?? 0;
  const tokens = (relay.accessTokens?.length ?? 0) + (relay.tokens?.length ?? 0);
  const providers = relay.providers ?? [];
  const demo = keys === 0 && input.keyRequired && providers.length === 0;
  const row = (label: string, value: string): string => `  ${label.padEnd(12)}${value}`;
  const lines = [
    `gpt-chat ${input.version} relay listening on ${input.url}`,
    row('page', `${input.url}   widget: ${input.url}gpt-chat.js   API: ${input.url}v1/chat/completions`),
  ];
  if (providers.length > 0) {
    // Config file providers: names and key counts only (URLs are in the file).
    const list = providers.map(
      (p) => `${p.name} (${plural(p.keys.length, 'key')}${p.models ? `, ${p.models.join(', ')}` : ', any model'})`,
    );
    lines.push(row('providers', list.join('; ')));
  } else if (demo) {
    lines.push(row('upstream', 'none — DEMO MODE: the built-in "demo" model answers with a canned Markdown showcase'));
  } else {
    lines.push(row('upstream', `${input.upstream} (provider ${input.provider}, ${input.route})`));
    lines.push(
      row(
        'api keys',
        keys === 0 ? 'none (this provider needs none)' : `${plural(keys, 'key')} set${keys > 1 ? ', rotated' : ''}`,
      ),
    );
  }
  lines.push(
    row(
      'models',
      relay.models?.length
        ? `${relay.models.join(', ')} (default ${relay.models[0]})`
        : demo
          ? 'demo'
          : providers.length > 0
            ? 'routed by model to the providers above'
            : 'any the upstream offers',
    ),
  );
  lines.push(
    row(
      'access',
      tokens > 0
        ? `${plural(tokens, 'access token')} set: clients must send Authorization: Bearer <token>`
        : 'open: no access tokens set (anyone who can reach this address can chat)',
    ),
  );
  const rate = relay.rateLimit ?? 30;
  const quota = relay.dailyQuota ?? 0;
  lines.push(
    row(
      'limits',
      `${rate > 0 ? `${rate}/min` : 'no rate limit'} per IP, ${quota > 0 ? `${quota}/day` : 'no daily quota'}${relay.trustProxy ? ', client IP from X-Forwarded-For' : ''}`,
    ),
  );
  lines.push(row('logs', input.logFormat === 'off' ? 'off' : `stdout (${input.logFormat})`));
  if (demo) {
    lines.push(
      '',
      '  No API key is set, so this is the DEMO model — no real AI is called.',
      '  To use a real model, set a key:   gpt-chat --api-key sk-…   or   OPENAI_API_KEY=sk-… gpt-chat',
      '  (other providers: --provider deepseek|qwen|moonshot|zhipu|openrouter|ollama|azure; see --help)',
    );
  }
  if (isLoopbackHost(input.host)) {
    lines.push(
      '',
      `  Only this machine can reach it (${input.host}). To expose it: --host 0.0.0.0 (HOST=0.0.0.0),`,
      '  or keep it here and put nginx in front (proxy_buffering off; see the README).',
    );
  } else if (tokens === 0) {
    lines.push('', '  Warning: --public: reachable from the network with no --access-token: anyone can use your key.');
  }
  return lines.join('\n') + '\n';
}
