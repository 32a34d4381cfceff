import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@wallet-service/common';
import { createOps, type Ops } from '../index';
import { gradeReorg } from '../reorg';
import { captureLog, freePort, opsConfig, sleep, startLocalSqs, waitFor, type LocalSqs } from './support';

const reorg = (size: number) => ({
  title: 'Reorg',
  message: `reorg of ${size}`,
  severity: 'info' as const,
  metadata: { reorg_size: size, previous_best_block: 'aa', new_best_block: 'bb', common_block: 'cc' },
});

describe('alerts to a local SQS-compatible server', () => {
  let sqs: LocalSqs;
  const live: Ops[] = [];
  const opsFor = (env: Record<string, string> = {}) => {
    const ops = createOps({
      config: opsConfig({ ALERT_QUEUE_URL: sqs.queueUrl, ALERT_SQS_ENDPOINT: sqs.endpoint, APPLICATION_NAME: 'daemon-test', ...env }),
      log: silentLogger,
      processMetrics: false,
    });
    live.push(ops);
    return ops;
  };

  beforeAll(async () => {
    sqs = await startLocalSqs();
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((o) => o.stop()));
    await sqs.receive(100, 50); // leave the queue empty for the next test
  });
  afterAll(() => sqs.close());

  it('delivers an alert body with title, message, severity, metadata, environment and application', async () => {
    const ops = opsFor();
    ops.observer.alert({ title: 'Full node crashed', message: 'FULL_NODE_CRASHED received', severity: 'critical', metadata: { event_id: 7, amount: 10n ** 20n } });
    const [body] = await sqs.receive(1);
    expect(body).toEqual({
      title: 'Full node crashed',
      message: 'FULL_NODE_CRASHED received',
      severity: 'critical',
      metadata: { event_id: 7, amount: '100000000000000000000' },
      environment: 'unittests',
      application: 'daemon-test',
    });
    expect(ops.alerts.stats()).toMatchObject({ sent: 1, failed: 0, attempts: 1 });
    expect(await ops.metrics.render()).toMatch(/daemon_alerts_total\{outcome="sent",severity="critical"\} 1/);
  });

  it('uses ENVIRONMENT over NETWORK for the environment field', async () => {
    opsFor({ ENVIRONMENT: 'staging' }).observer.alert({ title: 't', message: 'm', severity: 'info' });
    const [body] = await sqs.receive(1);
    expect(body.environment).toBe('staging');
    expect(body.metadata).toEqual({});
  });

  it('grades reorg alerts by the configured size thresholds and drops those below the smallest', async () => {
    const ops = opsFor({ REORG_SIZE_INFO: '2', REORG_SIZE_MINOR: '4', REORG_SIZE_MAJOR: '6', REORG_SIZE_CRITICAL: '8' });
    for (const size of [1, 2, 5, 7, 12]) ops.observer.alert(reorg(size));
    const bodies = await sqs.receive(4);
    expect(bodies.map((b) => [b.metadata.reorg_size, b.severity, b.title])).toEqual([
      [2, 'info', 'Reorg Detected'],
      [5, 'minor', 'Minor Reorg Detected'],
      [7, 'major', 'Major Reorg Detected'],
      [12, 'critical', 'Critical Reorg Detected'],
    ]);
    expect(bodies[3].metadata).toMatchObject({ previous_best_block: 'aa', new_best_block: 'bb', common_block: 'cc' });
    expect(await sqs.receive(1, 100)).toEqual([]);
  });

  it('alerts once when the stream stays idle while connected, with the configured severity', async () => {
    const ops = opsFor({ IDLE_EVENT_TIMEOUT_MS: '80', IDLE_EVENT_SEVERITY: 'critical' });
    ops.observer.stateChanged('streaming');
    ops.observer.eventReceived(10, 10);
    const bodies = await sqs.receive(2, 500);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ title: 'Daemon Idle — No Events Received', severity: 'critical' });
    expect(bodies[0].metadata).toMatchObject({ last_event_id: 9, latest_event_id: 10 });
    // A new event ends the episode; the next silence is a new one.
    ops.observer.eventReceived(11, 11);
    expect(await sqs.receive(1)).toHaveLength(1);
  });

  it('does not alert idle while disconnected or while events keep coming', async () => {
    const ops = opsFor({ IDLE_EVENT_TIMEOUT_MS: '400' });
    ops.observer.stateChanged('reconnecting');
    await sleep(500);
    ops.observer.stateChanged('streaming');
    for (let id = 1; id <= 20; id++) {
      ops.observer.eventReceived(id, 20);
      await sleep(30);
    }
    ops.observer.stateChanged('stopping');
    expect(await sqs.receive(1, 200)).toEqual([]);
  });

  it('alerts when a batch is in flight longer than STUCK_PROCESSING_TIMEOUT_MS, not when it commits in time', async () => {
    const ops = opsFor({ STUCK_PROCESSING_TIMEOUT_MS: '300' });
    ops.observer.stateChanged('streaming');
    ops.observer.batchStarted(1, 5);
    await sleep(30);
    ops.observer.batchCommitted({ firstEventId: 1, lastEventId: 5, size: 5, eventsByType: {}, durationMs: 30, commitMs: 1, stageSeconds: {} });
    expect(await sqs.receive(1, 400)).toEqual([]);

    ops.observer.batchStarted(6, 3);
    const [body] = await sqs.receive(1);
    expect(body).toMatchObject({ title: 'Daemon Stuck Processing', severity: 'major' });
    expect(body.metadata).toMatchObject({ first_event_id: 6, batch_size: 3 });
  });

  it('alerts a reconnection storm once per suppression period, and not below the threshold', async () => {
    const ops = opsFor({ RECONNECTION_STORM_THRESHOLD: '3', RECONNECTION_STORM_WINDOW_MS: '10000', RECONNECTION_STORM_SUPPRESS_MS: '60000' });
    ops.observer.reconnecting(1, 10, 'closed');
    ops.observer.reconnecting(2, 20, 'closed');
    expect(await sqs.receive(1, 150)).toEqual([]);
    for (let i = 3; i <= 8; i++) ops.observer.reconnecting(i, 10, 'closed');
    const bodies = await sqs.receive(2, 300);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ title: 'Reconnection Storm', severity: 'major' });
    expect(bodies[0].metadata).toMatchObject({ reconnections: 3, window_ms: 10000 });
  });

  it('forgets reconnections older than the storm window', async () => {
    const ops = opsFor({ RECONNECTION_STORM_THRESHOLD: '3', RECONNECTION_STORM_WINDOW_MS: '100' });
    for (let i = 1; i <= 6; i++) {
      ops.observer.reconnecting(i, 10, 'closed');
      await sleep(60);
    }
    expect(await sqs.receive(1, 150)).toEqual([]);
  });
});

describe('an unreachable or failing alert queue', () => {
  it('never throws or blocks the caller and gives up after ALERT_SEND_RETRIES retries', async () => {
    const port = await freePort(); // nothing listens there
    const ops = createOps({
      config: opsConfig({ ALERT_QUEUE_URL: `http://127.0.0.1:${port}/123456789012/alerts`, ALERT_SQS_ENDPOINT: `http://127.0.0.1:${port}`, ALERT_SEND_RETRIES: '2', ALERT_RETRY_DELAY_MS: '50' }),
      log: silentLogger,
      processMetrics: false,
    });
    const started = performance.now();
    for (let i = 0; i < 3; i++) ops.observer.alert({ title: `a${i}`, message: 'm', severity: 'major' });
    // Delivering inline would take at least 3 x (50 + 100) ms of backoff.
    expect(performance.now() - started).toBeLessThan(100);
    await waitFor('alerts given up', () => ops.alerts.stats().failed === 3);
    expect(ops.alerts.stats()).toMatchObject({ sent: 0, failed: 3, attempts: 9, pending: 0 });
    await ops.stop();
  });

  it('makes exactly 1 + ALERT_SEND_RETRIES requests to a queue that answers errors', async () => {
    let requests = 0;
    const broken: Server = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' }).end('{"__type":"InternalFailure","message":"down"}');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    const ops = createOps({
      config: opsConfig({ ALERT_QUEUE_URL: `${endpoint}/1/alerts`, ALERT_SQS_ENDPOINT: endpoint, ALERT_SEND_RETRIES: '3', ALERT_RETRY_DELAY_MS: '5' }),
      log: silentLogger,
      processMetrics: false,
    });
    ops.observer.alert({ title: 'x', message: 'm', severity: 'minor' });
    await waitFor('alert given up', () => ops.alerts.stats().failed === 1);
    expect(requests).toBe(4);
    expect(await ops.metrics.render()).toMatch(/daemon_alerts_total\{outcome="failed",severity="minor"\} 1/);
    await ops.stop();
    broken.closeAllConnections();
    await new Promise((resolve) => broken.close(resolve));
  });

  it('a queue that never answers holds stop() no longer than the flush bound', async () => {
    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const ops = createOps({
      config: opsConfig({ ALERT_QUEUE_URL: `${endpoint}/1/alerts`, ALERT_SQS_ENDPOINT: endpoint }),
      log: silentLogger,
      alertFlushMs: 200,
      processMetrics: false,
    });
    ops.observer.alert({ title: 'x', message: 'm', severity: 'major' });
    ops.observer.alert({ title: 'y', message: 'm', severity: 'major' });
    const started = performance.now();
    await ops.stop();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ops.alerts.stats().sent).toBe(0);
    expect(ops.alerts.stats().dropped).toBeGreaterThanOrEqual(1);
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('without ALERT_QUEUE_URL alerts are logged only', async () => {
    const { log, lines } = captureLog();
    const ops = createOps({ config: opsConfig(), log, processMetrics: false });
    ops.observer.alert({ title: 'Guard mismatch', message: 'peer_id differs', severity: 'critical', metadata: { field: 'peer_id' } });
    expect(ops.alerts.stats()).toMatchObject({ logged: 1, sent: 0, attempts: 0 });
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'alert', title: 'Guard mismatch', metadata: { field: 'peer_id' } }));
    await ops.stop();
  });
});

describe('gradeReorg', () => {
  const t = { info: 1, minor: 3, major: 5, critical: 10 };
  it.each([
    [0, null],
    [1, 'info'],
    [2, 'info'],
    [3, 'minor'],
    [4, 'minor'],
    [5, 'major'],
    [9, 'major'],
    [10, 'critical'],
    [250, 'critical'],
  ])('a reorg of %i block(s) is %s', (size, severity) => {
    expect(gradeReorg(size, t)).toBe(severity);
  });
});
