// Minimal Node proxy: node:http server and node:http client (native llhttp both ways), keep-alive agent.
import { createServer, request, Agent } from 'node:http';
const u = new URL(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
createServer({ noDelay: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const up = request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: 'Bearer x' },
      },
      (ur) => {
        res.writeHead(ur.statusCode, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        ur.on('data', (c) => res.write(c));
        ur.on('end', () => res.end());
      },
    );
    up.setNoDelay(true);
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    up.end(body);
  });
}).listen(0, '127.0.0.1', function () {
  console.error(`listening on http://127.0.0.1:${this.address().port}/`);
});
