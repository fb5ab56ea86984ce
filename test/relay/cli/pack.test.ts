// The published package: `npm pack` holds the built relay and widget, the tarball's bin runs through npx, and
// an installed copy serves the widget, the page and the demo chat from its own dist/ (the asset paths resolve
// relative to the installed CLI, not to this repository). Needs `npm run build` first (npm test does it).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRelayBuilt, ROOT, runCliToEnd, startCli, type RunningCli } from '../_support/run-cli.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let tarball: string;
let files: string[];
let installed: RunningCli | undefined;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/widget/gpt-chat.js')) || !existsSync(join(ROOT, 'dist/page/index.html'))) {
    throw new Error('dist/widget or dist/page is missing: run `npm run build` before this test (npm test does).');
  }
  ensureRelayBuilt();
  work = mkdtempSync(join(tmpdir(), 'gpt-chat-pack-'));
  const { stdout } = await run(npm, ['pack', '--pack-destination', work, '--json', '--ignore-scripts'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info!.filename);
  files = info!.files.map((file) => file.path);
}, 120_000);

afterAll(async () => {
  await installed?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('contains the relay CLI, the widget build and the page, and no sources or tests', () => {
    for (const path of [
      'package.json',
      'README.md',
      'dist/relay/cli/index.js',
      'dist/relay/index.js',
      'dist/relay/runtimes/shared/file-assets.js',
      'dist/widget/gpt-chat.js',
      'dist/widget/gpt-chat.iife.js',
      'dist/page/index.html',
    ]) {
      expect(files, path).toContain(path);
    }
    expect(files.some((path) => path.startsWith('dist/widget/chunks/'))).toBe(true);
    expect(
      files.filter((path) => path.startsWith('src/') || path.startsWith('test/') || path.startsWith('node_modules/')),
    ).toEqual([]);
  });

  it('the tarball’s bin runs through npx', async () => {
    const cwd = mkdtempSync(join(work, 'npx-'));
    const { stdout } = await run(
      npm,
      [
        'exec',
        '--yes',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `--package=${tarball}`,
        '--',
        'gpt-chat',
        '--help',
      ],
      {
        cwd,
        env: { ...process.env, npm_config_update_notifier: 'false' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('Usage:  gpt-chat [options]');
    expect(stdout).toContain('--api-key');
  }, 180_000);

  it('an installed copy serves the widget, the page and the demo chat from its own dist/', async () => {
    await run('tar', ['xzf', tarball, '-C', work]);
    const pkg = join(work, 'package');
    await run(
      npm,
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'],
      {
        cwd: pkg,
        env: { ...process.env, npm_config_update_notifier: 'false' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const bin = join(pkg, 'dist/relay/cli/index.js');
    expect((await runCliToEnd(['--version'], {}, bin)).code).toBe(0);
    installed = await startCli([], { GPT_CHAT_DEMO_DELAY_MS: '0' }, bin);

    const widget = await fetch(`${installed.url}/gpt-chat.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await widget.text()).toContain('gpt-chat');

    const chunk = files.find((path) => path.startsWith('dist/widget/chunks/'))!.slice('dist/widget'.length);
    const chunkResponse = await fetch(`${installed.url}${chunk}`);
    expect(chunkResponse.status).toBe(200);
    expect(chunkResponse.headers.get('cache-control')).toContain('immutable');

    const page = await fetch(`${installed.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toMatch(/<html/i);

    const chat = await fetch(`${installed.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(200);
    expect(await chat.text()).toContain('data: [DONE]');
  }, 180_000);
});
