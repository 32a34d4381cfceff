import { readFileSync } from 'fs';
import path from 'path';
import yaml from 'js-yaml';
import { ROUTES } from '../routes';
import { openApiRoute } from '../routes/ops/openapi';
import { createTestApi, type TestApi } from './support/api';
import { call } from './support/http';

/** GET /openapi.json documents exactly the HTTP routes serverless.yml deploys, from the routes' own schemas. */
interface ServerlessFile {
  functions: Record<string, { events?: { http?: { path: string; method: string } }[] }>;
}

const deployed = (() => {
  const file = yaml.load(readFileSync(path.resolve(__dirname, '../../serverless.yml'), 'utf8')) as ServerlessFile;
  return Object.values(file.functions)
    .flatMap((f) => f.events ?? [])
    .flatMap((e) => (e.http ? [`${e.http.method.toUpperCase()} /${e.http.path}`] : []))
    .sort();
})();

describe('the OpenAPI document', () => {
  let api: TestApi;
  let doc: { openapi: string; paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: unknown; security?: unknown[] }>> };
  beforeAll(async () => {
    api = await createTestApi('openapi');
    const res = await call(openApiRoute(() => ROUTES), api.app, {});
    expect(res.status).toBe(200);
    doc = res.body as typeof doc;
  });
  afterAll(async () => {
    await api?.close();
  });

  test('covers every route serverless.yml deploys, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(doc.openapi).toBe('3.1.0');
    expect(documented).toEqual(deployed);
    expect(deployed).toHaveLength(ROUTES.length);
  });

  test('parameters, bodies and security come from the route schemas', () => {
    const history = doc.paths['/wallet/history'].get;
    expect(history.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:count', 'query:skip', 'query:token_id']);
    expect(history.security).toEqual([{ bearer: [] }]);
    const details = doc.paths['/wallet/tokens/{token_id}/details'].get;
    expect(details.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'token_id', required: true })]);
    expect(doc.paths['/wallet/init'].post.requestBody).toBeDefined();
    expect(doc.paths['/wallet/init'].post.security).toBeUndefined();
    expect(doc.paths['/health'].get.security).toEqual([{ apiKey: [] }]);
    const outputs = doc.paths['/wallet/tx_outputs'].get.parameters?.map((p) => p.name);
    expect(outputs).toEqual(expect.arrayContaining(['addresses[]', 'tokenId', 'totalAmount', 'skipSpent', 'txId', 'index']));
  });
});
