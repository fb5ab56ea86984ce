// What the route handlers share: resolved config, the built guards and the key pool, built once per relay.
import type { RelayOptions } from '../settings/options.js';
import type { RelayConfig } from '../settings/config.js';
import type { AccessCheck } from '../guards/auth.js';
import type { RateLimit } from '../guards/rate-limit.js';
import type { AuthLockout } from '../guards/auth-lockout.js';
import type { KeyPool } from '../upstream/keys.js';
import type { RequestRecorder } from '../log/recorder.js';
import type { H3Event } from 'h3';
import type { SyncSettings } from './sync.js';
import type { Budget } from '../guards/budget.js';

export interface RelayContext {
  config: RelayConfig;
  access: AccessCheck | null;
  rateLimit: RateLimit | null;
  lockout: AuthLockout;
  keys: KeyPool;
  /** Named tokens' limits and usage (config file `tokens`); null when there are none. */
  budget: Budget | null;
  assets: RelayOptions['assets'];
  pageRelays: RelayOptions['pageRelays'];
  /** /v1/sync's store and quota; undefined when sync is off. */
  sync?: SyncSettings;
}

/** The per-request recorder the app middleware put on the event. */
export function recorderOf(event: H3Event): RequestRecorder {
  return event.context.recorder as RequestRecorder;
}
