import path from 'path';
import { apiSpec, loadFunctionName } from '../config';
import * as sourceHandlers from '../handlers';
import { ROUTES } from '../routes';
import { bundle, serverless, SERVICE_DIR, type ServiceConfig } from './support/serverless';

/**
 * serverless.yml against the code, as the framework itself resolves it (`serverless print`): every
 * handler is an exported function of the bundle and of src/handlers.ts, the http events are exactly the
 * route registry, and the functions get exactly the API's configuration variables.
 */
describe('serverless.yml wiring', () => {
  let config: ServiceConfig;
  let built: Record<string, unknown>;

  beforeAll(async () => {
    const [printed] = await Promise.all([serverless(['print', '--format', 'json']), bundle()]);
    config = JSON.parse(printed.stdout) as ServiceConfig;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    built = require(path.join(SERVICE_DIR, 'dist/lambda/handlers.js')) as Record<string, unknown>;
  }, 300_000);

  const exportOf = (handler: string) => {
    const match = /^dist\/lambda\/handlers\.([A-Za-z0-9_]+)$/.exec(handler);
    if (!match) throw new Error(`handler ${handler} is not in the bundle dist/lambda/handlers.js`);
    return match[1];
  };

  test('every handler is an exported function of the built bundle and of src/handlers.ts', () => {
    const names = Object.values(config.functions).map((f) => exportOf(f.handler));
    expect(names.length).toBe(ROUTES.length + 9);
    const sources = sourceHandlers as unknown as Record<string, unknown>;
    for (const name of names) {
      expect({ name, bundle: typeof built[name], source: typeof sources[name] }).toEqual({ name, bundle: 'function', source: 'function' });
    }
    // Nothing exported that no function uses (a route added to ROUTES but not to serverless.yml).
    expect(Object.keys(sources).filter((k) => typeof sources[k] === 'function').sort()).toEqual([...names].sort());
  });

  test('the http events are exactly the route registry: method, path, handler, authorizer iff wallet/full, API key iff apiKey', () => {
    const events = Object.values(config.functions).flatMap((f) =>
      (f.events ?? []).flatMap((e) =>
        e.http
          ? [{ name: exportOf(f.handler), method: e.http.method.toUpperCase(), path: `/${e.http.path}`, authorizer: e.http.authorizer?.name ?? null, apiKey: e.http.private === true }]
          : [],
      ),
    );
    const expected = ROUTES.map((r) => ({
      name: r.name,
      method: r.method,
      path: r.path,
      authorizer: r.auth === 'wallet' || r.auth === 'full' ? 'bearerAuthorizer' : null,
      apiKey: r.auth === 'apiKey',
    }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(events.sort(byName)).toEqual(expected.sort(byName));
    const authorizers = Object.values(config.functions).flatMap((f) => (f.events ?? []).flatMap((e) => (e.http?.authorizer ? [e.http.authorizer] : [])));
    for (const a of authorizers) expect(a).toMatchObject({ name: 'bearerAuthorizer', type: 'TOKEN', identitySource: 'method.request.header.Authorization' });
    expect(config.functions.bearerAuthorizer.events ?? []).toEqual([]);
  });

  test("provider.environment lists exactly the API's configuration variables (AWS_REGION comes from Lambda itself)", () => {
    const expected = Object.keys(apiSpec).filter((k) => k !== 'AWS_REGION');
    expect(Object.keys(config.provider.environment).sort()).toEqual(expected.sort());
    expect(config.provider.environment).toMatchObject({ STAGE: 'dev', SERVICE_NAME: config.service, WALLET_LOAD_INVOKER: 'lambda' });
  });

  test('the load function has the name the invoker calls, from the environment the functions get', () => {
    const { SERVICE_NAME, STAGE } = config.provider.environment;
    expect(config.functions.loadWalletAsync.name).toBe(loadFunctionName({ SERVICE_NAME, STAGE }));
    expect(config.functions.loadWalletFailed.events?.map((e) => Object.keys(e))).toEqual([['sns']]);
  });

  test('the proposal release runs every 5 minutes and has no other trigger', () => {
    expect(config.functions.cleanUnsentTxProposals.events).toEqual([{ schedule: 'rate(5 minutes)' }]);
  });

  test('txPushRequested is invoke-only; the stale push device cron runs once a day and has no other trigger', () => {
    expect(config.functions.txPushRequested.events ?? []).toEqual([]);
    expect(config.functions.deleteStalePushDevices.events).toEqual([{ schedule: 'rate(1 day)' }]);
  });

  test('the websocket routes: $connect, $disconnect and ping on wsConnection, join on wsJoin; ping and join answer in the route response', () => {
    const routes = Object.values(config.functions).flatMap((f) => (f.events ?? []).flatMap((e) => (e.websocket ? [{ fn: exportOf(f.handler), ...e.websocket }] : [])));
    expect(routes).toEqual([
      { fn: 'wsConnection', route: '$connect' },
      { fn: 'wsConnection', route: '$disconnect' },
      { fn: 'wsConnection', route: 'ping', routeResponseSelectionExpression: '$default' },
      { fn: 'wsJoin', route: 'join', routeResponseSelectionExpression: '$default' },
    ]);
  });

  test('the queue consumer is the only sqs function: on the new-tx queue, reporting failed records one by one', () => {
    const sqs = Object.entries(config.functions).filter(([, f]) => (f.events ?? []).some((e) => e.sqs));
    expect(sqs.map(([name]) => name)).toEqual(['wsTxNotify']);
    expect(config.functions.wsTxNotify.events).toEqual([
      { sqs: { arn: { 'Fn::GetAtt': ['NewTxQueue', 'Arn'] }, batchSize: 10, functionResponseType: 'ReportBatchItemFailures' } },
    ]);
    // Below the queue's visibility timeout (packaging.test.ts), so a running batch is never received twice.
    expect(config.functions.wsTxNotify.timeout).toBe(30);
  });
});
