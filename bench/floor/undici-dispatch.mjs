// Minimal Node proxy: node:http server, undici dispatch() with a raw handler (no Readable in between).
import { createServer } from 'node:http';
import { Agent } from 'undici';
const upstream = process.argv[2];
const agent = new Agent({ keepAliveTimeout: 60_000 });
createServer({ noDelay: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let controller;
    agent.dispatch(
      {
        origin: upstream,
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: Buffer.concat(chunks),
      },
      {
        onRequestStart(c) {
          controller = c;
        },
        onResponseStart(c, status) {
          res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        },
        onResponseData(c, chunk) {
          if (!res.write(chunk)) {
            c.pause();
            res.once('drain', () => c.resume());
          }
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError() {
          res.destroy();
        },
      },
    );
    res.on('close', () => {
      if (!res.writableFinished) controller?.abort(new Error('gone'));
    });
  });
}).listen(0, '127.0.0.1', function () {
  console.error(`listening on http://127.0.0.1:${this.address().port}/`);
});
