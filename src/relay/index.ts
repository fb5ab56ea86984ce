// Public library entry (`gpt-chat/relay`): createRelay and the types around it.
export { createRelay, type RelayApp } from './relay.js';
export type { RelayOptions, RequestLog, CounterStore, ProviderName } from './options.js';
export { PROVIDERS, resolveUpstream, isProviderName, type ProviderPreset, type UpstreamTarget, type AuthStyle } from './providers.js';
export { resolveConfig, DEFAULTS, type RelayConfig } from './config.js';
export { createMemoryStore } from './memory-store.js';
export { openaiError } from './errors.js';
export { DEMO_MODEL } from '../shared/openai.js';
