import net from 'net';
import { freePort } from '@wallet-service/common/testing/ports';

/**
 * A TCP relay in front of a service that can be taken down and brought back: while down, nothing listens
 * on its port and every open connection is cut, as when the queue's host goes away.
 */
export interface Relay {
  /** The relay's URL for `target`: same scheme and path, the relay's port. */
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(target: string): Promise<Relay> {
  const to = new URL(target);
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = () => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await listen();
  const url = new URL(target);
  url.port = String(port);
  return { url: url.toString(), down: stop, up: listen, close: stop };
}
