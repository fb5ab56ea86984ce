// SIGHUP: read the config file (and the flags and environment the CLI started with) again and swap the relay.
// An invalid new file is logged and the running relay kept; where to listen cannot change without a restart.
import type { RelayOptions } from '../settings/options.js';
import { parseCli, UsageError } from './flags.js';

export function reloadOnSighup(path: string, apply: (options: RelayOptions) => void): void {
  process.on('SIGHUP', () => {
    try {
      const command = parseCli(process.argv.slice(2), process.env);
      if (command.kind !== 'serve') return;
      apply(command.config.relay);
      process.stderr.write(`gpt-chat: SIGHUP: reloaded ${path} (new requests use it; host and port need a restart)\n`);
    } catch (error) {
      const message = error instanceof UsageError || error instanceof TypeError ? error.message : String(error);
      process.stderr.write(`gpt-chat: SIGHUP: kept the running config, the new one is not valid:\n${message}\n`);
    }
  });
}
