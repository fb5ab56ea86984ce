// Cloudflare Workers: the bundled adapter in real `workerd` (the runtime Cloudflare runs), with a config
// generated here. Settings are plain-text bindings, as `[vars]`/secrets are on Cloudflare; COUNTERS is a real
// Durable Object namespace (in memory), so the rate-limit cases exercise DurableObjectCounterStore.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { bundleAdapter, withBundleCleanup } from './bundle.js';
import { freePort, spawnRelay, withPortRetry, type RunningRelay } from './child.js';
import { profileEnv, type RelayProfile } from './profile.js';

const WORKERD = resolve(import.meta.dirname, '../../../node_modules/.bin/workerd');
const DIST = resolve(import.meta.dirname, '../../../dist');

/**
 * The widget and page build merged into one folder, as the README's Deploy section tells Workers users to do for
 * `[assets]`; undefined when the build is missing (the assets case then says so).
 */
function publicDir(into: string): string | undefined {
  if (!existsSync(join(DIST, 'widget/gpt-chat.js')) || !existsSync(join(DIST, 'page/index.html'))) return undefined;
  const dir = join(into, 'public');
  mkdirSync(dir, { recursive: true });
  cpSync(join(DIST, 'page'), dir, { recursive: true });
  cpSync(join(DIST, 'widget'), dir, { recursive: true });
  return dir;
}

/** Kept equal to examples/wrangler.toml, so the test runs what users deploy. */
export const COMPATIBILITY_DATE = '2025-11-01';
export const COMPATIBILITY_FLAGS = ['enable_request_signal'];

const text = (value: string) => JSON.stringify(value); // capnp text literals share JSON's escapes for these

/**
 * With `assetsDir`, requests enter through workerd's assets router, as on Cloudflare with wrangler's `[assets]`:
 * files are served before the Worker runs, everything else reaches it, and the Worker's ASSETS binding reads files.
 */
export function workerdConfig(
  bundleFile: string,
  port: number,
  bindings: Record<string, string>,
  assetsDir?: string,
): string {
  const textBindings = Object.entries(bindings).map(
    ([name, value]) => `    (name = ${text(name)}, text = ${text(value)}),`,
  );
  const assetsBinding = assetsDir
    ? `\n    (name = "ASSETS", service = (name = "site", entrypoint = "AssetWorker")),`
    : '';
  const assetsService = assetsDir
    ? `\n    (name = "site", assets = (path = ${text(assetsDir)}, config = "{}", userWorker = "relay")),`
    : '';
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "relay", worker = .relayWorker),${assetsService}
    # Workers may only reach public addresses by default; the fake upstream is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = ${text(`127.0.0.1:${port}`)}, http = (), service = ${text(assetsDir ? 'site' : 'relay')})],
);

const relayWorker :Workerd.Worker = (
  modules = [(name = ${text(basename(bundleFile))}, esModule = embed ${text(basename(bundleFile))})],
  compatibilityDate = ${text(COMPATIBILITY_DATE)},
  compatibilityFlags = [${COMPATIBILITY_FLAGS.map(text).join(', ')}],
  bindings = [
${textBindings.join('\n')}
    (name = "COUNTERS", durableObjectNamespace = "CounterObject"),${assetsBinding}
  ],
  durableObjectNamespaces = [(className = "CounterObject", uniqueKey = "gpt-chat-conformance-counters")],
  durableObjectStorage = (inMemory = void),
);
`;
}

export async function startWorkerdRelay(profile: RelayProfile): Promise<RunningRelay> {
  const bundle = await bundleAdapter('workerd');
  const configFile = join(dirname(bundle), 'config.capnp');
  const assetsDir = publicDir(dirname(bundle));
  return withBundleCleanup(bundle, () =>
    withPortRetry(async () => {
      const port = await freePort();
      writeFileSync(configFile, workerdConfig(bundle, port, profileEnv(profile), assetsDir));
      // --experimental: workerd's assets service (Cloudflare's Static Assets) is marked experimental locally.
      const args = ['serve', configFile, '--verbose', ...(assetsDir ? ['--experimental'] : [])];
      return spawnRelay({ command: WORKERD, args, port, cwd: dirname(bundle) });
    }),
  );
}
