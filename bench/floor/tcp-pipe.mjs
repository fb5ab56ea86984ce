// The Node floor: a TCP forwarder (no HTTP parsing at all), one upstream connection per client connection.
import { createServer, connect } from 'node:net';
const u = new URL(process.argv[2]);
createServer({ noDelay: true }, (client) => {
  const up = connect({ host: u.hostname, port: Number(u.port), noDelay: true });
  client.on('data', (c) => up.write(c));
  up.on('data', (c) => client.write(c));
  client.on('close', () => up.destroy());
  up.on('close', () => client.destroy());
  client.on('error', () => {});
  up.on('error', () => {});
}).listen(0, '127.0.0.1', function () {
  console.error(`listening on http://127.0.0.1:${this.address().port}/`);
});
