// Public library entry (`gpt-chat/relay`): createRelay and the types around it.
export { createRelay, type RelayApp } from './relay.js';
export type { RelayOptions, RequestLog, CounterStore, ProviderName } from './settings/options.js';
export {
  PROVIDERS,
  resolveUpstream,
  isProviderName,
  type ProviderPreset,
  type UpstreamTarget,
  type AuthStyle,
} from './settings/providers.js';
export { resolveConfig, DEFAULTS, type RelayConfig } from './settings/config.js';
export { createMemoryStore } from './stores/memory.js';
export { openaiError } from './errors.js';
export { DEMO_MODEL } from '../shared/openai.js';
