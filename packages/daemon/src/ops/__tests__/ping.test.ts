import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@wallet-service/common';
import { createOps } from '../index';
import { createPinger } from '../ping';
import { freePort, opsConfig, sleep, waitFor } from './support';

interface Ping {
  method?: string;
  apiKey?: string | string[];
  body: string;
}

async function healthService(status = 200): Promise<{ url: string; pings: Ping[]; close(): Promise<void> }> {
  const pings: Ping[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      pings.push({ method: req.method, apiKey: req.headers['x-api-key'], body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`,
    pings,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('health-check pings', () => {
  it('POSTs {} with X-Api-Key every HEALTHCHECK_PING_INTERVAL while healthy, and none while unhealthy', async () => {
    const service = await healthService();
    const ops = createOps({
      config: opsConfig({
        HEALTH_PORT: String(await freePort()),
        HEALTHCHECK_ENABLED: 'true',
        HEALTHCHECK_SERVER_URL: service.url,
        HEALTHCHECK_SERVER_API_KEY: 'secret-key',
        HEALTHCHECK_PING_INTERVAL: '20',
      }),
      log: silentLogger,
      processMetrics: false,
    });
    await ops.start();
    ops.observer.stateChanged('streaming');
    await waitFor('two pings', () => service.pings.length >= 2);
    expect(service.pings[0]).toEqual({ method: 'POST', apiKey: 'secret-key', body: '{}' });

    ops.observer.stateChanged('error', 'guard mismatch');
    await sleep(150); // a ping already in flight may still land
    const seen = service.pings.length;
    await sleep(100);
    expect(service.pings.length).toBe(seen);
    await ops.stop();
    await service.close();
  });

  it('reports a refused or unreachable ping without throwing', async () => {
    const refusing = await healthService(401);
    const pinger = createPinger({ url: refusing.url, intervalMs: 1000, healthy: () => true, log: silentLogger });
    expect(await pinger.ping()).toBe(false);
    expect(refusing.pings).toHaveLength(1);
    await refusing.close();
    const nowhere = createPinger({ url: `http://127.0.0.1:${await freePort()}/`, intervalMs: 1000, healthy: () => true, log: silentLogger });
    expect(await nowhere.ping()).toBe(false);
  });
});
