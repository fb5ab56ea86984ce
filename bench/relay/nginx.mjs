// nginx as the baseline reverse proxy: generated config in a temp dir, run in the foreground as the current
// user, one worker (like the relay's one event loop), proxy_buffering off, keep-alive to the upstream.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { childPids } from './procstat.mjs';

export function findNginx() {
  for (const candidate of ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not there
    }
  }
  return null;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startNginx(bin, dir, upstreamPort) {
  mkdirSync(dir, { recursive: true });
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const config = `
${asRoot ? `user ${userInfo().username};` : ''}
worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
worker_rlimit_nofile 20000;
events { worker_connections 8192; }
http {
  access_log ${join(dir, 'access.log')};
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream fake { server 127.0.0.1:${upstreamPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    keepalive_requests 100000;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 600s;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const master = spawn(bin, ['-p', dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  master.stderr.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 10_000;
  while (childPids(master.pid).length === 0 || !existsSync(join(dir, 'nginx.pid'))) {
    if (master.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    pids: () => [master.pid, ...childPids(master.pid)],
    stop: () =>
      new Promise((resolve) => {
        if (master.exitCode !== null) return resolve();
        master.once('exit', () => resolve());
        master.kill('SIGQUIT');
      }),
  };
}
