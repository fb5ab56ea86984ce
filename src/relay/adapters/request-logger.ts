// The request log for the Workers, Deno and Bun entries: the Node CLI's formatter (same lines, same redaction of
// configured secrets as a second fence) written with console.log, which every runtime's log view collects.
// GPT_CHAT_LOG_FORMAT chooses text, json or off, as for the CLI.
import type { RelayOptions, RequestLog } from '../options.js';
import { createLogger, type LogFormat } from '../node/log.js';
import { RelayEnvError, type EnvRecord } from './env-options.js';

const FORMATS: readonly LogFormat[] = ['text', 'json', 'off'];

export function requestLogger(
  env: EnvRecord,
  options: Pick<RelayOptions, 'apiKeys' | 'accessTokens'>,
  defaultFormat: LogFormat,
): ((record: RequestLog) => void) | undefined {
  const raw = env.GPT_CHAT_LOG_FORMAT;
  const format = typeof raw === 'string' && raw.trim() !== '' ? raw.trim().toLowerCase() : defaultFormat;
  if (!(FORMATS as readonly string[]).includes(format)) throw new RelayEnvError('GPT_CHAT_LOG_FORMAT must be text, json or off');
  return createLogger({
    format: format as LogFormat,
    secrets: [...(options.apiKeys ?? []), ...(options.accessTokens ?? [])],
    write: (line) => console.log(line.replace(/\n$/, '')),
  });
}
