// What a routed chat request (several providers, or fallbacks) hands the exchange: a connect that goes through
// its tries, a hold on the early commit while a try is left, and the x-gpt-chat-model header of the try that
// answered. Each try is noted on the request log.
import type { ChatExchangeOptions } from '../exchange/exchange.js';
import type { RequestRecorder } from '../log/recorder.js';
import type { RelayConfig } from '../settings/config.js';
import { fallbackConnector, type FallbackConnector } from './fallback.js';
import type { UpstreamTry } from './tries.js';

export const MODEL_HEADER = 'x-gpt-chat-model';

export type RoutedOptions = Pick<
  ChatExchangeOptions,
  'target' | 'keys' | 'payload' | 'connect' | 'holdCommit' | 'headers'
>;

export function routedExchange(
  tries: readonly UpstreamTry[],
  config: RelayConfig,
  recorder: RequestRecorder,
): RoutedOptions & { connector: FallbackConnector } {
  const connector = fallbackConnector(tries, {
    fetch: config.fetch,
    now: config.now,
    headerTimeoutMs: config.fallbackTimeoutMs,
    note: (entry) => (recorder.tries = recorder.tries ? `${recorder.tries} > ${entry}` : entry),
  });
  const first = tries[0]!;
  return {
    connector,
    target: first.target,
    keys: first.keys,
    payload: first.payload,
    connect: connector.connect,
    holdCommit: connector.holding,
    headers: () => ({ [MODEL_HEADER]: connector.current().model }),
  };
}
