import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { CORS_HEADERS } from '../http/response';
import { ROUTES } from '../routes';
import { bundle, serverless, SERVICE_DIR } from './support/serverless';
import { unzip } from './support/zip';

/**
 * `serverless package` as a fresh checkout runs it (no AWS credentials, empty HOME), and the artifact it
 * would deploy: the zip holds the bundle with every handler, and the CloudFormation template wires every
 * function, authorizer, API key, CORS answer and the load function's failure destination as intended.
 */
type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown };
type Template = { Resources: Record<string, Resource> };

const FUNCTIONS = [
  ...ROUTES.map((r) => r.name),
  'bearerAuthorizer',
  'loadWalletAsync',
  'loadWalletFailed',
  'cleanUnsentTxProposals',
  'txPushRequested',
  'deleteStalePushDevices',
  'wsConnection',
  'wsJoin',
  'wsTxNotify',
];
const fullName = (fn: string) => `hathor-wallet-service-dev-${fn}`;

describe('serverless package', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'sls-package-'));
  let template: Template;
  let files: Map<string, Buffer>;
  const resources = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

  beforeAll(async () => {
    // package.json `package`: bundle, then package (here into a temporary folder, not .serverless). A
    // failing command rejects, failing every test below.
    await bundle();
    await serverless(['package', '--package', out]);
    template = JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    files = unzip(readFileSync(path.join(out, 'hathor-wallet-service.zip')));
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('succeeds without AWS credentials and zips only the bundle, whose every handler is a function', async () => {
    expect([...files.keys()].sort()).toEqual(['dist/lambda/firebaseAdmin.js', 'dist/lambda/firebaseAdmin.js.map', 'dist/lambda/handlers.js', 'dist/lambda/handlers.js.map']);
    // Loaded from next to the service's node_modules (the AWS SDK is external to the bundle, as on Lambda).
    const dir = path.join(SERVICE_DIR, 'dist', `zip-check-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(path.join(dir, 'handlers.js'), files.get('dist/lambda/handlers.js')!);
      writeFileSync(path.join(dir, 'firebaseAdmin.js'), files.get('dist/lambda/firebaseAdmin.js')!);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const zipped = require(path.join(dir, 'handlers.js')) as Record<string, unknown>;
      expect(FUNCTIONS.filter((fn) => typeof zipped[fn] !== 'function')).toEqual([]);
      // firebase-admin is in a file of its own, which the push sender loads beside handlers.js at its first use.
      const handlers = files.get('dist/lambda/handlers.js')!.toString('utf8');
      expect(handlers).toContain('import("./firebaseAdmin.js")');
      expect(handlers).not.toMatch(/firebase-admin|googleapis\.com/);
      const firebase = (await import(path.join(dir, 'firebaseAdmin.js'))) as { messagingFor?: unknown };
      expect(typeof firebase.messagingFor).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every function is a nodejs22.x Lambda on the bundle, the load function with its own limits', () => {
    const lambdas = Object.fromEntries(resources('AWS::Lambda::Function').map(([, r]) => [r.Properties.FunctionName as string, r.Properties]));
    expect(Object.keys(lambdas).sort()).toEqual(FUNCTIONS.map(fullName).sort());
    for (const fn of FUNCTIONS) expect(lambdas[fullName(fn)]).toMatchObject({ Runtime: 'nodejs22.x', Handler: `dist/lambda/handlers.${fn}` });
    expect(lambdas[fullName('loadWalletAsync')]).toMatchObject({ Timeout: 600, MemorySize: 1024 });
  });

  /** `/wallet/tokens/{token_id}/details` of an API Gateway resource, walking its parents up to the root. */
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (!id) return '';
    const r = template.Resources[id].Properties;
    return `${pathOf(r.ParentId)}/${r.PathPart as string}`;
  };
  const methods = () =>
    resources('AWS::ApiGateway::Method').map(([, r]) => {
      const uri = JSON.stringify((r.Properties.Integration as { Uri?: unknown }).Uri ?? '');
      return { path: pathOf(r.Properties.ResourceId), method: r.Properties.HttpMethod as string, p: r.Properties, lambda: /"([A-Za-z0-9]+)LambdaFunction"/.exec(uri)?.[1] ?? null };
    });

  test('every route is a method on its function, behind the bearer authorizer iff wallet/full, with an API key iff apiKey', () => {
    const routes = methods().filter((m) => m.method !== 'OPTIONS');
    expect(routes.map((m) => `${m.method} ${m.path}`).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    const [[authorizerId, authorizer]] = resources('AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties).toMatchObject({ Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', IdentityValidationExpression: 'Bearer (.*)', AuthorizerResultTtlInSeconds: 300 });
    for (const route of ROUTES) {
      const m = routes.find((x) => x.method === route.method && x.path === route.path)!;
      const bearer = route.auth === 'wallet' || route.auth === 'full';
      expect({ route: route.name, lambda: m.lambda?.toLowerCase(), auth: m.p.AuthorizationType, authorizer: m.p.AuthorizerId ?? null, apiKey: m.p.ApiKeyRequired ?? false }).toEqual({
        route: route.name,
        lambda: route.name.toLowerCase(),
        auth: bearer ? 'CUSTOM' : 'NONE',
        authorizer: bearer ? { Ref: authorizerId } : null,
        apiKey: route.auth === 'apiKey',
      });
    }
    expect(resources('AWS::ApiGateway::ApiKey')).toHaveLength(1);
    expect(resources('AWS::ApiGateway::UsagePlanKey')).toHaveLength(1);
  });

  test("browsers can read gateway rejections, and preflights allow every header the API's answers say they may send", () => {
    const [[, gateway]] = resources('AWS::ApiGateway::GatewayResponse');
    expect(gateway.Properties).toMatchObject({ ResponseType: 'DEFAULT_4XX', ResponseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } });
    const wanted = CORS_HEADERS['Access-Control-Allow-Headers'].split(',').map((h) => h.trim().toLowerCase());
    const preflights = methods().filter((m) => m.method === 'OPTIONS');
    expect(preflights.map((m) => m.path).sort()).toEqual([...new Set(ROUTES.map((r) => r.path))].sort());
    for (const m of preflights) {
      const params = (m.p.Integration as { IntegrationResponses: { ResponseParameters: Record<string, string> }[] }).IntegrationResponses[0].ResponseParameters;
      const unquote = (v: string) => v.replace(/^'|'$/g, '');
      const allowed = unquote(params['method.response.header.Access-Control-Allow-Headers']).split(',').map((h) => h.trim().toLowerCase());
      const allowedMethods = unquote(params['method.response.header.Access-Control-Allow-Methods']).split(',');
      expect({ path: m.path, origin: params['method.response.header.Access-Control-Allow-Origin'], missing: wanted.filter((h) => !allowed.includes(h)) }).toEqual({ path: m.path, origin: "'*'", missing: [] });
      expect(allowedMethods).toEqual(expect.arrayContaining(ROUTES.filter((r) => r.path === m.path).map((r) => r.method)));
    }
  });

  test('the load: init may invoke it, it does not retry, and a crash goes through the SNS topic to loadWalletFailed', () => {
    const [[topicId, topic]] = resources('AWS::SNS::Topic');
    expect(topic.Properties).toEqual({ TopicName: 'WalletServiceLoadAsyncFailed_dev' });
    const [[, invokeConfig]] = resources('AWS::Lambda::EventInvokeConfig');
    expect(invokeConfig.Properties).toMatchObject({
      FunctionName: { Ref: 'LoadWalletAsyncLambdaFunction' },
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { Ref: topicId } } },
    });
    const [[, subscription]] = resources('AWS::SNS::Subscription');
    expect(subscription.Properties).toEqual({ TopicArn: { Ref: topicId }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['LoadWalletFailedLambdaFunction', 'Arn'] } });
    const [[, role]] = resources('AWS::IAM::Role');
    type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
    const statements = (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    const allowing = (action: string) => statements.filter((st) => st.Effect === 'Allow' && [st.Action].flat().includes(action)).map((st) => st.Resource);
    expect(allowing('lambda:InvokeFunction')).toEqual([
      { 'Fn::Join': [':', ['arn:aws:lambda', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, 'function', fullName('loadWalletAsync')]] },
    ]);
    expect(allowing('sns:Publish')).toEqual([{ Ref: topicId }]);
  });

  test('the crons: one EventBridge rule each (proposal release every 5 minutes, stale push devices daily) invokes it, and may', () => {
    const target = (fn: string) => ({ 'Fn::GetAtt': [fn, 'Arn'] });
    const rules = resources('AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(2);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED', Targets: [expect.objectContaining({ Arn: target('CleanUnsentTxProposalsLambdaFunction') })] }),
        expect.objectContaining({ ScheduleExpression: 'rate(1 day)', State: 'ENABLED', Targets: [expect.objectContaining({ Arn: target('DeleteStalePushDevicesLambdaFunction') })] }),
      ]),
    );
    const permissions = resources('AWS::Lambda::Permission').filter(([, r]) => r.Properties.Principal === 'events.amazonaws.com');
    expect(permissions.map(([, r]) => r.Properties.FunctionName)).toEqual(
      expect.arrayContaining([target('CleanUnsentTxProposalsLambdaFunction'), target('DeleteStalePushDevicesLambdaFunction')]),
    );
    expect(permissions).toHaveLength(2);
    for (const fn of ['cleanUnsentTxProposals', 'deleteStalePushDevices']) {
      const lambda = resources('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === fullName(fn))!;
      expect(lambda[1].Properties).toMatchObject({ Timeout: 60 });
    }
  });

  test('the websocket API: routed on action, $connect/$disconnect/ping on wsConnection and join on wsJoin, ping and join answering', () => {
    const [[apiId, api], ...otherApis] = resources('AWS::ApiGatewayV2::Api');
    expect(otherApis).toEqual([]);
    expect(api.Properties).toMatchObject({ ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    const integrations = Object.fromEntries(
      resources('AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, /"([A-Za-z0-9]+)LambdaFunction"/.exec(JSON.stringify(r.Properties.IntegrationUri))?.[1]]),
    );
    const routes = resources('AWS::ApiGatewayV2::Route').map(([id, r]) => {
      const target = JSON.stringify(r.Properties.Target);
      const integration = Object.keys(integrations).find((i) => target.includes(`"${i}"`));
      return { id, key: r.Properties.RouteKey, api: r.Properties.ApiId, fn: integration ? integrations[integration] : null, answers: r.Properties.RouteResponseSelectionExpression ?? null };
    });
    expect(routes.map(({ key, api: a, fn, answers }) => ({ key, a, fn, answers })).sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
      { key: '$connect', a: { Ref: apiId }, fn: 'WsConnection', answers: null },
      { key: '$disconnect', a: { Ref: apiId }, fn: 'WsConnection', answers: null },
      { key: 'join', a: { Ref: apiId }, fn: 'WsJoin', answers: '$default' },
      { key: 'ping', a: { Ref: apiId }, fn: 'WsConnection', answers: '$default' },
    ]);
    const responses = resources('AWS::ApiGatewayV2::RouteResponse').map(([, r]) => routes.find((x) => x.id === (r.Properties.RouteId as { Ref: string }).Ref)?.key);
    expect(responses.sort()).toEqual(['join', 'ping']);
    const [[, role]] = resources('AWS::IAM::Role');
    expect(JSON.stringify(role.Properties.Policies)).toContain('execute-api:ManageConnections');
  });

  test('the new-tx queue feeds wsTxNotify with partial batch responses, and parks what keeps failing in its dead-letter queue', () => {
    const [[, mapping], ...others] = resources('AWS::Lambda::EventSourceMapping');
    expect(others).toEqual([]);
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['NewTxQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['WsTxNotifyLambdaFunction', 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const queue = template.Resources.NewTxQueue;
    expect(queue.Properties).toMatchObject({
      QueueName: 'hathor-wallet-service-dev-new-tx',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['NewTxDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(template.Resources.NewTxDeadLetterQueue).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { QueueName: 'hathor-wallet-service-dev-new-tx-dlq' } });
    const lambda = resources('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === fullName('wsTxNotify'))!;
    const timeout = lambda[1].Properties.Timeout as number;
    // AWS's advice for a Lambda source: visible again only after 6 function timeouts.
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    const [[, role]] = resources('AWS::IAM::Role');
    const policies = JSON.stringify(role.Properties.Policies);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage']) expect(policies).toContain(action);
  });
});
