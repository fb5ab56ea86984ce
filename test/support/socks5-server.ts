// A minimal SOCKS5 server (RFC 1928, no authentication, CONNECT only) for outbound-proxy tests. It records the
// destinations it was asked for and only connects to loopback.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Socks5Server {
  url: string;
  port: number;
  /** "host:port" of every CONNECT request, in order (host as the client sent it: IP or domain name). */
  connects: string[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Parses the CONNECT request once enough bytes are buffered; null while incomplete. */
function parseRequest(buf: Buffer): { host: string; port: number; length: number } | null | 'bad' {
  if (buf.length < 5) return null;
  if (buf[0] !== 5 || buf[1] !== 1) return 'bad';
  const atyp = buf[3];
  let host: string;
  let offset: number;
  if (atyp === 1) {
    if (buf.length < 10) return null;
    host = [...buf.subarray(4, 8)].join('.');
    offset = 8;
  } else if (atyp === 3) {
    const len = buf[4]!;
    if (buf.length < 5 + len + 2) return null;
    host = buf.subarray(5, 5 + len).toString('latin1');
    offset = 5 + len;
  } else if (atyp === 4) {
    if (buf.length < 22) return null;
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(buf.readUInt16BE(4 + i).toString(16));
    host = parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
    offset = 20;
  } else {
    return 'bad';
  }
  return { host, port: buf.readUInt16BE(offset), length: offset + 2 };
}

export async function startSocks5Server(): Promise<Socks5Server> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    let state: 'greeting' | 'request' | 'piping' = 'greeting';
    let buf = Buffer.alloc(0);
    const onData = (data: Buffer): void => {
      buf = Buffer.concat([buf, data]);
      if (state === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
        if (buf[0] !== 5) return void client.destroy();
        const methods = buf.subarray(2, 2 + buf[1]!);
        buf = buf.subarray(2 + buf[1]!);
        if (!methods.includes(0)) return void client.end(Buffer.from([5, 0xff]));
        client.write(Buffer.from([5, 0]));
        state = 'request';
      }
      if (state === 'request') {
        const request = parseRequest(buf);
        if (request === null) return;
        if (request === 'bad') return void client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
        connects.push(`${request.host}:${request.port}`);
        const rest = buf.subarray(request.length);
        state = 'piping';
        client.off('data', onData);
        client.pause();
        if (!LOOPBACK.has(request.host)) return void client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]));
        const upstream = connect(request.port, request.host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          if (rest.length) upstream.write(rest);
          upstream.pipe(client);
          client.pipe(upstream);
          client.resume();
        });
        track(upstream);
        upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `socks5://127.0.0.1:${port}`,
    port,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
