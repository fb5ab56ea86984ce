// Minimal Node proxy: node:http server, undici Pool.request to the upstream, body 'data' → res.write.
import { createServer } from 'node:http';
import { Agent } from 'undici';
const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 60_000, connections: null });
createServer({ noDelay: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const { statusCode, body } = await agent.request({
        origin: upstream,
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(statusCode, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      body.on('data', (c) => res.write(c));
      body.on('end', () => res.end());
      res.on('close', () => body.destroy());
    } catch {
      res.destroy();
    }
  });
}).listen(0, '127.0.0.1', function () {
  console.error(`listening on http://127.0.0.1:${this.address().port}/`);
});
