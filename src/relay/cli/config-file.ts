// Reads --config FILE for the CLI: a missing or unreadable file and every problem in it become one UsageError
// (exit 2), each problem on its own line with its JSON path.
import { readFileSync } from 'node:fs';
import { ConfigError, MAX_CONFIG_BYTES, parseConfigText, type FileConfig } from '../settings/config-file.js';
import { UsageError } from './flags.js';

export function readConfigFile(path: string, env: Readonly<Record<string, string | undefined>>): FileConfig {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.byteLength > MAX_CONFIG_BYTES) throw new UsageError(`${path}: larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the config file ${path}${code ? ` (${code})` : ''}`);
  }
  try {
    return parseConfigText(text, env, path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid config file ${error.message}`);
    throw error;
  }
}
