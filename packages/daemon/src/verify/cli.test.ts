import { spawn } from 'child_process';
import path from 'path';
import { dbEnv } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { describeWithFixtures, fixturePath } from '@wallet-service/common/testing/fixtures';
import { readStreamFile } from '../__tests__/support/events';
import { applyEvents } from '../__tests__/support/sync';
import { assertBuilt } from '../__tests__/support/e2e';
import { startLocalSqs, type LocalSqs } from '../ops/__tests__/support';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'verify', 'cli.js');

function runCli(env: Record<string, string>): Promise<{ code: number | null; lines: Record<string, unknown>[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines });
    });
  });
}

describeWithFixtures('yarn workspace daemon verify (the CLI)', () => {
  let db: TestDatabase;
  let sqs: LocalSqs;
  let env: Record<string, string>;
  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase('verify_cli');
    sqs = await startLocalSqs();
    const { events, identity } = readStreamFile(fixturePath('UNVOIDED_TRANSACTION', 'jsonl'));
    await applyEvents(db.pool, events, identity);
    env = {
      ...dbEnv(db.config),
      ALERT_QUEUE_URL: sqs.queueUrl,
      ALERT_SQS_ENDPOINT: sqs.endpoint,
    };
  });
  afterAll(async () => {
    await sqs?.close();
    await db?.drop();
  });

  test('exits 0 on a consistent database and raises no alert', async () => {
    const { code, lines } = await runCli(env);
    expect(code).toBe(0);
    expect(lines.find((l) => l.msg === 'verify finished')).toMatchObject({ differences: 0 });
    expect(await sqs.receive(1, 500)).toEqual([]);
  });

  test('lists a difference, exits 1 and raises a major alert', async () => {
    await db.pool.query("UPDATE address_balance SET locked_balance = locked_balance + 5 WHERE token_id = '00' LIMIT 1");
    const { code, lines } = await runCli(env);
    expect(code).toBe(1);
    expect(lines.filter((l) => l.msg === 'difference')).toEqual([expect.objectContaining({ check: 'address_balance' })]);
    const [alert] = await sqs.receive(1);
    expect(alert).toMatchObject({ severity: 'major', metadata: { differences: { address_balance: 1 } } });
  });

  test('an unreachable database is one clear line and exit code 2', async () => {
    const { code, lines } = await runCli({ ...env, DB_PORT: '1' });
    expect(code).toBe(2);
    expect(String(lines.find((l) => l.level === 'fatal')?.msg)).toMatch(/cannot connect to MySQL at 127\.0\.0\.1:1 as user 'root'/);
  });
});
