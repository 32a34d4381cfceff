import { createServer as createNetServer, type Server } from 'node:net';
import { silentLogger } from '@wallet-service/common';
import { createOps, type Ops } from '../index';
import type { HealthReport } from '../health';
import { freePort, opsConfig, sleep } from './support';

const report = (first: number, last: number) => ({
  firstEventId: first,
  lastEventId: last,
  size: last - first + 1,
  eventsByType: { NEW_VERTEX_ACCEPTED: last - first + 1 },
  durationMs: 5,
  commitMs: 1,
  stageSeconds: {},
});

describe('GET /health over HTTP', () => {
  const live: Ops[] = [];
  const started = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    const ops = createOps({ config: opsConfig({ HEALTH_PORT: String(port), ...env }), log: silentLogger, processMetrics: false });
    live.push(ops);
    await ops.start();
    const get = async (path = '/health') => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };
    const health = async () => {
      const res = await get();
      return { status: res.status, body: JSON.parse(res.text) as HealthReport };
    };
    return { ops, o: ops.observer, get, health };
  };
  afterEach(() => Promise.all(live.splice(0).map((o) => o.stop())));

  it('answers 200 with state, ids, lag, lagSeconds and uptime while streaming and catching up', async () => {
    const { o, health } = await started();
    o.stateChanged('streaming');
    o.eventReceived(1, 100);
    o.batchStarted(1, 40);
    o.batchCommitted(report(1, 40));
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ healthy: true, state: 'streaming', lastEventId: 40, latestEventId: 100, lag: 60 });
    expect(body.lagSeconds).toBeGreaterThan(0);
    expect(body.uptime).toBeGreaterThanOrEqual(0);
  });

  it('answers 200 when connected, caught up and quiet within the idle timeout', async () => {
    const { o, health } = await started({ IDLE_EVENT_TIMEOUT_MS: '60000' });
    o.stateChanged('streaming');
    o.eventReceived(5, 5);
    o.batchStarted(5, 1);
    o.batchCommitted(report(5, 5));
    await sleep(50);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ lag: 0, lagSeconds: 0 });
  });

  it('answers 200 while starting and briefly reconnecting, 503 once disconnected longer than HEALTH_MAX_DISCONNECTED_MS', async () => {
    const { o, health } = await started({ HEALTH_MAX_DISCONNECTED_MS: '400' });
    expect((await health()).status).toBe(200);
    o.stateChanged('streaming');
    o.stateChanged('reconnecting', 'socket closed');
    expect(await health()).toMatchObject({ status: 200, body: { state: 'reconnecting', detail: 'socket closed' } });
    await sleep(450);
    expect(await health()).toMatchObject({ status: 503, body: { healthy: false, reason: 'disconnected' } });
    o.stateChanged('connecting');
    expect((await health()).status).toBe(503);
    o.stateChanged('streaming');
    expect((await health()).status).toBe(200);
  });

  it('answers 503 while a batch is in flight longer than HEALTH_STUCK_MS, 200 again after its commit', async () => {
    const { o, health } = await started({ HEALTH_STUCK_MS: '300' });
    o.stateChanged('streaming');
    o.eventReceived(1, 10);
    o.batchStarted(1, 10);
    expect((await health()).status).toBe(200);
    await sleep(350);
    expect(await health()).toMatchObject({ status: 503, body: { reason: 'stuck' } });
    o.batchCommitted(report(1, 10));
    expect((await health()).status).toBe(200);
  });

  it('answers 503 when no event arrived for IDLE_EVENT_TIMEOUT_MS while behind the node, and keeps running', async () => {
    const { o, health } = await started({ IDLE_EVENT_TIMEOUT_MS: '80' });
    o.stateChanged('streaming');
    o.eventReceived(3, 9);
    o.batchStarted(3, 1);
    o.batchCommitted(report(3, 3));
    await sleep(120);
    expect(await health()).toMatchObject({ status: 503, body: { reason: 'idle', state: 'streaming', lag: 6 } });
    o.eventReceived(4, 9);
    expect((await health()).status).toBe(200);
  });

  it('answers 200 when silent beyond IDLE_EVENT_TIMEOUT_MS but caught up (a quiet network)', async () => {
    const { o, health } = await started({ IDLE_EVENT_TIMEOUT_MS: '80' });
    o.stateChanged('streaming');
    o.eventReceived(3, 3);
    o.batchStarted(3, 1);
    o.batchCommitted(report(3, 3));
    await sleep(120);
    expect(await health()).toMatchObject({ status: 200, body: { lag: 0, state: 'streaming' } });
  });

  it.each(['error', 'stopping', 'stopped'] as const)('answers 503 in state %s', async (state) => {
    const { o, health } = await started();
    o.stateChanged('streaming');
    o.stateChanged(state, 'why');
    expect(await health()).toMatchObject({ status: 503, body: { state, reason: state, detail: 'why' } });
  });

  it('serves Prometheus text on /metrics and 404 elsewhere', async () => {
    const { get } = await started();
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/# TYPE daemon_events_processed_total counter/);
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(/\/health/);
  });

  it('refuses to start on a port already in use, naming the port', async () => {
    const blocker: Server = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    const ops = createOps({ config: opsConfig({ HEALTH_PORT: String(port) }), log: silentLogger, processMetrics: false });
    await expect(ops.start()).rejects.toThrow(`HEALTH_PORT ${port} is already in use`);
    await ops.stop();
    await new Promise((resolve) => blocker.close(resolve));
  });
});
