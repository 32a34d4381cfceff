import { createServer } from 'net';

/**
 * `n` distinct free ports: all are held open at once while they are picked. Picking them one after
 * another with freePort can give the same port twice (the OS hands a just-released port out again), and
 * a serverless offline whose HTTP and Lambda ports were the same failed with EADDRINUSE.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (srv) =>
          new Promise<number>((resolve, reject) => {
            srv.once('error', reject);
            srv.listen(0, '127.0.0.1', () => resolve((srv.address() as { port: number }).port));
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((resolve) => (srv.listening ? srv.close(() => resolve()) : resolve()))));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
