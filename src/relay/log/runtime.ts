// The request log for the Workers, Deno and Bun entries: the CLI's formatter (same lines, same redaction of
// configured secrets as a second fence) written with console.log, which every runtime's log view collects.
// GPT_CHAT_LOG_FORMAT chooses text, json or off, as for the CLI.
import type { RelayOptions, RequestLog } from '../settings/options.js';
import { readEnvSetting, type EnvRecord } from '../settings/env.js';
import { SETTINGS } from '../settings/table.js';
import type { LogFormat } from '../settings/values.js';
import { createLogger } from './format.js';

const LOG_FORMAT = SETTINGS.find((setting) => setting.name === 'logFormat')!;

export function requestLogger(
  env: EnvRecord,
  options: Pick<RelayOptions, 'apiKeys' | 'accessTokens'>,
  defaultFormat: LogFormat,
): ((record: RequestLog) => void) | undefined {
  const format = (readEnvSetting(env, LOG_FORMAT) as LogFormat | undefined) ?? defaultFormat;
  return createLogger({
    format,
    secrets: [...(options.apiKeys ?? []), ...(options.accessTokens ?? [])],
    write: (line) => console.log(line.replace(/\n$/, '')),
  });
}
