// The settings that are lists of records and exist only in a config file: providers, fallbacks, named tokens.
import type { ProviderName } from './providers.js';

/** Prices in USD per million tokens (as providers' price pages show them). */
export interface ModelPrice {
  prompt: number;
  completion: number;
}

export interface ProviderConfig {
  /** Used in `provider/model`, in /v1/models' `owned_by` and in logs. */
  name: string;
  /** URL + auth style preset (default: openai-style bearer). */
  preset?: ProviderName;
  /** Overrides the preset's URL. */
  baseURL?: string;
  /** Rotated as --api-key's keys are. */
  keys: string[];
  /** The models this provider answers for; absent: any model no other provider lists. */
  models?: string[];
  prices?: Record<string, ModelPrice>;
}

/** Model → models to try in order when it fails before the first byte. */
export type Fallbacks = Record<string, string[]>;

export interface TokenConfig {
  /** Shown in logs and /v1/usage instead of the token. */
  name: string;
  token: string;
  /** Models this token may use (absent: any). */
  models?: string[];
  requestsPerDay?: number;
  tokensPerDay?: number;
  usdPerMonth?: number;
  /** ISO date or date-time; from then on the token gets 401. */
  expires?: string;
  /** Sees every token's usage in /v1/usage. */
  admin?: boolean;
}
