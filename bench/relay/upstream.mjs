// The fake streaming upstream for bench/relay.mjs, in its own process so its CPU is not the relay's.
// POST …/chat/completions streams `events` SSE events (each written separately, `interval` ms apart; 0 = back to
// back) as named in the request text. GET /stats → {"active","maxActive","served"}; POST /stats/reset.
// Prints {"port"} on stdout when listening.
import { createServer } from 'node:http';
import { eventBytes, tailBytes } from './sse.mjs';

let active = 0;
let maxActive = 0;
let served = 0;

const server = createServer((req, res) => {
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ active, maxActive, served }));
    return;
  }
  if (req.url === '/stats/reset') {
    maxActive = active;
    served = 0;
    res.end('{}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const events = Number(/events=(\d+)/.exec(text)?.[1] ?? 10);
    const interval = Number(/interval=(\d+)/.exec(text)?.[1] ?? 0);
    active++;
    maxActive = Math.max(maxActive, active);
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    let i = 0;
    const finish = () => {
      active--;
      served++;
      res.end(tailBytes(events));
    };
    if (interval === 0) {
      // Back to back, but still one write per event (as a model server flushes each token).
      for (; i < events; i++) res.write(eventBytes(i));
      finish();
      return;
    }
    const next = () => {
      if (closed) {
        active--;
        return;
      }
      res.write(eventBytes(i++));
      if (i < events) setTimeout(next, interval);
      else setTimeout(finish, interval);
    };
    next();
  });
});
server.keepAliveTimeout = 60_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
