// Flag and environment parsing of the CLI (pure: argv + env in, RelayOptions out). The spawned-process tests in
// cli.test.ts cover exit codes and output; these cover every flag's conversion and precedence.
import { describe, expect, it } from 'vitest';
import { defaultText } from '../../../src/relay/settings/table.js';
import { FLAGS, helpText, parseCli, UsageError, type CliConfig } from '../../../src/relay/cli/flags.js';

function serve(argv: string[], env: Record<string, string> = {}): CliConfig {
  const command = parseCli(argv, env);
  if (command.kind !== 'serve') throw new Error(`expected serve, got ${command.kind}`);
  return command.config;
}

function usageError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCli(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

/** The relay issue's table, plus the extensions the CLI adds. */
const ISSUE_FLAGS = [
  ['port', 'PORT'],
  ['host', 'HOST'],
  ['upstream', 'OPENAI_BASE_URL'],
  ['provider', 'GPT_CHAT_PROVIDER'],
  ['api-key', 'OPENAI_API_KEY'],
  ['access-token', 'GPT_CHAT_TOKENS'],
  ['allow-origin', 'GPT_CHAT_ORIGINS'],
  ['models', 'GPT_CHAT_MODELS'],
  ['max-tokens', 'GPT_CHAT_MAX_TOKENS'],
  ['rate-limit', 'GPT_CHAT_RATE_LIMIT'],
  ['daily-quota', 'GPT_CHAT_DAILY_QUOTA'],
  ['trust-proxy', 'GPT_CHAT_TRUST_PROXY'],
  ['proxy', 'HTTPS_PROXY'],
  ['heartbeat', 'GPT_CHAT_HEARTBEAT'],
  ['timeout', 'GPT_CHAT_TIMEOUT'],
  ['send-timeout', 'GPT_CHAT_SEND_TIMEOUT'],
] as const;

describe('parseCli', () => {
  it('defaults: port 8787 on 127.0.0.1, text log, no relay options set (the relay applies its own defaults)', () => {
    expect(serve([])).toEqual({ port: 8787, host: '127.0.0.1', logFormat: 'text', public: false, relay: {} });
  });

  it('every flag of the issue exists, with its environment variable', () => {
    for (const [name, env] of ISSUE_FLAGS) {
      const flag = FLAGS.find((f) => f.flag === name);
      expect(flag, name).toBeDefined();
      expect(flag!.env, name).toContain(env);
    }
  });

  it('turns every flag into its RelayOptions field', () => {
    const config = serve([
      '--port',
      '9000',
      '--host',
      '0.0.0.0',
      '--upstream',
      'https://api.deepseek.com/v1/',
      '--provider',
      'DeepSeek',
      '--api-key',
      'sk-a,sk-b',
      '--access-token',
      'tok-1-0123456789abcdef',
      '--access-token',
      'tok-2-0123456789abcdef,tok-3-0123456789abcdef',
      '--allow-origin',
      'https://a.example',
      '--allow-origin=http://localhost:*',
      '--models',
      'deepseek-chat, deepseek-reasoner',
      '--max-tokens',
      '2048',
      '--rate-limit',
      '0',
      '--daily-quota',
      '500',
      '--trust-proxy',
      '--proxy',
      'socks5://127.0.0.1:1080',
      '--heartbeat',
      '2.5',
      '--timeout',
      '900',
      '--body-limit',
      '65536',
      '--log-format',
      'json',
      '--public',
      '--max-n',
      '3',
      '--allow-param',
      'store',
      '--allow-param',
      'seed,metadata',
      '--send-timeout',
      '5',
    ]);
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      logFormat: 'json',
      public: true,
      proxy: 'socks5://127.0.0.1:1080',
      relay: {
        upstream: 'https://api.deepseek.com/v1',
        provider: 'deepseek',
        apiKeys: ['sk-a', 'sk-b'],
        accessTokens: ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef', 'tok-3-0123456789abcdef'],
        allowOrigins: ['https://a.example', 'http://localhost:*'],
        models: ['deepseek-chat', 'deepseek-reasoner'],
        maxTokens: 2048,
        rateLimit: 0,
        dailyQuota: 500,
        trustProxy: true,
        heartbeatSeconds: 2.5,
        timeoutSeconds: 900,
        sendTimeoutSeconds: 5,
        bodyLimit: 65536,
        maxN: 3,
        allowParams: ['store', 'seed', 'metadata'],
      },
    });
  });

  it('reads every setting from the environment when its flag is absent', () => {
    const config = serve([], {
      PORT: '7000',
      HOST: '::',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      GPT_CHAT_PROVIDER: 'ollama',
      OPENAI_API_KEY: 'k1, k2',
      GPT_CHAT_TOKENS: 'tok-1-0123456789abcdef,tok-2-0123456789abcdef',
      GPT_CHAT_PUBLIC: '1',
      GPT_CHAT_MAX_N: '2',
      GPT_CHAT_ALLOW_PARAMS: 'store',
      GPT_CHAT_ORIGINS: 'https://x.example',
      GPT_CHAT_MODELS: 'llama3',
      GPT_CHAT_MAX_TOKENS: '100',
      GPT_CHAT_RATE_LIMIT: '5',
      GPT_CHAT_DAILY_QUOTA: '50',
      GPT_CHAT_TRUST_PROXY: 'yes',
      GPT_CHAT_HEARTBEAT: '1',
      GPT_CHAT_TIMEOUT: '30',
      GPT_CHAT_BODY_LIMIT: '1000',
      GPT_CHAT_LOG_FORMAT: 'off',
      HTTPS_PROXY: 'http://127.0.0.1:3128',
      GPT_CHAT_SEND_TIMEOUT: '7',
    });
    expect(config).toEqual({
      port: 7000,
      host: '::',
      logFormat: 'off',
      public: true,
      relay: {
        upstream: 'http://127.0.0.1:11434/v1',
        provider: 'ollama',
        apiKeys: ['k1', 'k2'],
        accessTokens: ['tok-1-0123456789abcdef', 'tok-2-0123456789abcdef'],
        allowOrigins: ['https://x.example'],
        models: ['llama3'],
        maxTokens: 100,
        rateLimit: 5,
        dailyQuota: 50,
        trustProxy: true,
        heartbeatSeconds: 1,
        timeoutSeconds: 30,
        bodyLimit: 1000,
        maxN: 2,
        allowParams: ['store'],
        sendTimeoutSeconds: 7,
      },
    });
    // *_PROXY stays with the upstream fetch (which also applies NO_PROXY); it is only validated here.
    expect(config.proxy).toBeUndefined();
  });

  it('a flag wins over its environment variable; empty variables count as unset', () => {
    const config = serve(['--port', '1234', '--api-key', 'from-flag', '--no-trust-proxy'], {
      PORT: '999',
      OPENAI_API_KEY: 'from-env',
      GPT_CHAT_TRUST_PROXY: '1',
      GPT_CHAT_MODELS: '  ',
    });
    expect(config.port).toBe(1234);
    expect(config.relay.apiKeys).toEqual(['from-flag']);
    expect(config.relay.trustProxy).toBe(false);
    expect(config.relay.models).toBeUndefined();
  });

  it('-h/--help and -v/--version win over everything else', () => {
    expect(parseCli(['--port', '1', '--help'], {})).toEqual({ kind: 'help' });
    expect(parseCli(['-h'], { PORT: 'nonsense' })).toEqual({ kind: 'help' });
    expect(parseCli(['-v'], {})).toEqual({ kind: 'version' });
    expect(parseCli(['--version'], {})).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['-x'], /unknown option -x/],
    [['serve'], /unexpected argument "serve"/],
    [['--port'], /--port needs a value/],
    [['--port', '--host', 'x'], /--port needs a value/],
    [['--port', '70000'], /--port: expected a port number/],
    [['--port', '8.5'], /--port: expected a port number/],
    [['--provider', 'gemini'], /--provider: expected one of openai, deepseek/],
    [['--upstream', 'api.openai.com/v1'], /--upstream: expected an absolute http\(s\) URL/],
    [['--upstream', 'ftp://host/v1'], /--upstream: expected an http\(s\) URL/],
    [['--rate-limit', '-1'], /--rate-limit needs a value|--rate-limit: expected a whole number/],
    [['--rate-limit=-1'], /--rate-limit: expected a whole number ≥ 0/],
    [['--max-tokens', '0'], /--max-tokens: expected a whole number ≥ 1/],
    [['--heartbeat', '0'], /--heartbeat: expected a number of seconds > 0/],
    [['--timeout', 'soon'], /--timeout: expected a number of seconds/],
    [['--timeout', '0'], /--timeout: expected a number of seconds > 0/],
    [['--trust-proxy=maybe'], /--trust-proxy: expected true or false/],
    [['--proxy', 'ftp://127.0.0.1:21'], /--proxy: unsupported proxy scheme/],
    [['--log-format', 'xml'], /--log-format: expected text, json or off/],
    [['--models', ' , '], /--models: expected a value/],
  ])('%j → UsageError %s', (argv, message) => {
    expect(usageError(argv as string[])).toMatch(message);
  });

  it('a bad environment value names the variable', () => {
    expect(usageError([], { PORT: 'eighty' })).toMatch(/^PORT: /);
    expect(usageError([], { GPT_CHAT_PROVIDER: 'nope' })).toMatch(/^GPT_CHAT_PROVIDER: /);
    expect(usageError([], { HTTPS_PROXY: 'gopher://x' })).toMatch(/^HTTPS_PROXY: /);
  });

  it('never echoes a value that may be secret in an error', () => {
    expect(usageError(['--upstream', 'https://user:sk-SECRET123@api.example.com/v1'])).not.toContain('sk-SECRET123');
    expect(usageError(['--upstream', 'not a url sk-SECRET123'])).not.toContain('sk-SECRET123');
    expect(usageError(['--proxy', 'ftp://u:sk-SECRET123@h'])).not.toContain('sk-SECRET123');
  });

  it('--help names every flag, its environment variable and its default', () => {
    const help = helpText('1.2.3');
    expect(help).toContain('gpt-chat 1.2.3');
    for (const flag of FLAGS) {
      expect(help).toContain(`--${flag.flag}`);
      for (const env of flag.env) expect(help).toContain(env);
      expect(help).toContain(`default: ${defaultText(flag)}`);
    }
    expect(help).toContain('NO_PROXY');
  });
});
