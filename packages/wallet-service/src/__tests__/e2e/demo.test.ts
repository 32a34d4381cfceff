import { spawn } from 'child_process';
import path from 'path';
import { DEV_SEED, HTR_UID, selectRows } from '@wallet-service/common';
import { walletIdOf } from '../../auth/signature';
import { startLiveStack, type LiveStack } from '../../offline/liveStack';

/**
 * `yarn workspace wallet-service demo` exactly as the README tells a developer to run it, against a
 * whole live stack (live node with a block every second, as `make dev` runs one, the daemon process,
 * serverless offline): it must finish, print the balances it claims, and those must be what the
 * database holds.
 */
jest.setTimeout(150_000);

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const PREMINE = 100_000_000_000n;

let stack: LiveStack;
beforeAll(async () => {
  stack = await startLiveStack({ dbPrefix: 'e2e_demo', blockInterval: 1 });
}, 240_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

function runDemo(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('yarn', ['workspace', 'wallet-service', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** "  A  HTR        999,999,990.00 …" lines of one printed section, as smallest units per wallet and symbol. */
function section(out: string, title: string): Record<string, Record<string, bigint>> {
  const lines = out.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`the demo printed no "${title}":\n${out}`);
  const result: Record<string, Record<string, bigint>> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}([AB]) {2}(\S+)\s+(-?[\d,]+)\.(\d\d)\b/.exec(line);
    if (!m) break;
    const units = BigInt(m[3].replace(/,/g, '')) * 100n + BigInt(m[4]) * (m[3].startsWith('-') ? -1n : 1n);
    result[m[1]] = { ...result[m[1]], [m[2]]: units };
  }
  return result;
}

test('the demo sends HTR from the development seed to a new wallet, creates, mints and melts a token, and prints the balances the database holds', async () => {
  const run = await runDemo({ WALLET_SERVICE_URL: stack.api.baseUrl, TX_MINING_URL: stack.node.txMiningUrl, DEMO_TIMEOUT_S: '30' });
  if (run.code !== 0) throw new Error(`the demo exited with ${run.code}:\n${run.out}\n${run.err}\n${stack.logs()}`);
  expect(run.out).toContain('demo: done');

  const idOf = (name: string) => new RegExp(`^demo: wallet ${name} ([0-9a-f]{64}) `, 'm').exec(run.out)?.[1];
  const ids = { A: idOf('A'), B: idOf('B') };
  expect(ids.A).toBe(walletIdOf(DEV_SEED.xpubkey));
  expect(ids.B).toMatch(/^[0-9a-f]{64}$/);
  expect(ids.B).not.toBe(ids.A);
  const token = /^demo: A created .* token ([0-9a-f]{64})$/m.exec(run.out)?.[1] as string;
  expect(token).toMatch(/^[0-9a-f]{64}$/);

  expect(section(run.out, 'demo: balances before')).toEqual({ A: { HTR: PREMINE }, B: { HTR: 0n } });
  // 10.00 HTR to B; 1,000.00 DEMO created (10.00 HTR deposit), 500.00 minted (5.00), 200.00 melted (2.00 back).
  const after = { A: { HTR: PREMINE - 1_000n - 1_000n - 500n + 200n, DEMO: 130_000n }, B: { HTR: 1_000n } };
  expect(section(run.out, 'demo: balances after')).toEqual(after);

  await stack.synced();
  const held = async (walletId: string) => {
    const rows = await selectRows<{ token_id: string; unlocked_balance: string; locked_balance: string }>(
      stack.db.pool,
      'SELECT token_id, unlocked_balance, locked_balance FROM wallet_balance WHERE wallet_id = ?',
      [walletId],
    );
    const symbol = (t: string) => (t === HTR_UID ? 'HTR' : t === token ? 'DEMO' : t);
    return Object.fromEntries(rows.map((r) => [symbol(r.token_id), BigInt(r.unlocked_balance) + BigInt(r.locked_balance)]));
  };
  expect({ A: await held(ids.A as string), B: await held(ids.B as string) }).toEqual(after);
});
