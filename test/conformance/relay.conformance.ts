// The relay conformance suite: the relay's behaviour over HTTP only, against one runtime per run
// (RELAY_RUNTIME=node|workerd|deno|bun, default node) or an external relay (RELAY_URL). Run all four with
// `npm run test:runtimes`; one with `RELAY_RUNTIME=deno npx vitest run --config test/conformance/vitest.config.ts`.
import { afterAll, beforeAll, describe } from 'vitest';
import { startConformanceContext, runtimeUnderTest, type ConformanceContext } from './context.js';
import { streamingCases } from './cases/streaming.js';
import { errorCases } from './cases/errors.js';
import { guardCases } from './cases/guards.js';
import { heartbeatCases } from './cases/heartbeat.js';
import { corsCases } from './cases/cors.js';
import { demoCases } from './cases/demo.js';
import { disconnectCases } from './cases/disconnect.js';
import { assetsCases } from './cases/assets.js';
import { accessCases } from './cases/access.js';

const runtime = runtimeUnderTest();
let context: ConformanceContext | undefined;
const ctx = (): ConformanceContext => {
  if (!context) throw new Error('the relay under test did not start (see the beforeAll error)');
  return context;
};

describe(`relay on ${runtime}`, () => {
  beforeAll(async () => {
    context = await startConformanceContext();
  });
  afterAll(async () => {
    await context?.stop();
  });

  streamingCases(ctx);
  errorCases(ctx);
  guardCases(ctx);
  heartbeatCases(ctx);
  corsCases(ctx);
  demoCases(ctx);
  disconnectCases(ctx, runtime);
  assetsCases(ctx);
  accessCases(ctx, runtime);
});
