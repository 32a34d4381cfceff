import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { DEV_SEED } from '@wallet-service/common';
import { generateScenario } from './generator';
import { loadReplayFile } from './replay/load';
import { memberText } from './replay/json-text';
import { TestClient, rawEvent } from './server/__tests__/ws-client';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const CLI = path.join(PACKAGE_DIR, 'dist', 'cli.js');
const REPO = path.resolve(PACKAGE_DIR, '..', '..');

let dir: string;
let replayFile: string;

beforeAll(() => {
  // Incremental: a no-op when dist is current, and it keeps the test from running stale output.
  execFileSync('yarn', ['tsc', '-b', 'packages/fullnode-simulator'], { cwd: REPO, stdio: 'pipe' });
  dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
  replayFile = path.join(dir, 'stream.jsonl');
  const line = (id: number) =>
    `{"type":"EVENT","peer_id":"p","network":"unittests","event":${rawEvent(id)},"latest_event_id":2,"stream_id":"s"}`;
  writeFileSync(replayFile, [0, 1, 2].map(line).join('\n') + '\n');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Run = { child, stdout: [], stderr: [], exit: new Promise((resolve) => child.once('exit', resolve)) };
  // Chunks can end mid-line: keep the partial tail until its newline arrives.
  const collect = (into: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() as string;
      into.push(...parts.filter(Boolean));
    };
  };
  child.stdout?.on('data', collect(out.stdout));
  child.stderr?.on('data', collect(out.stderr));
  return out;
}

async function waitForLog(r: Run, msg: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = r.stdout.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === msg);
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`no "${msg}" log line; stdout: ${r.stdout.join('\n')} stderr: ${r.stderr.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('fullnode-simulator CLI', () => {
  it('serves a replay file, logs its URLs as JSON and exits 0 on SIGINT', async () => {
    const r = run(['--replay', replayFile, '--port', '0', '--peer-id', 'cli-peer', '--reward-spend-min-blocks', '7']);
    try {
      const serving = await waitForLog(r, 'serving');
      expect(serving).toMatchObject({ level: 'info', service: 'fullnode-simulator', events: 3, peerId: 'cli-peer' });
      const wsUrl = serving.wsUrl as string;
      const httpUrl = serving.httpUrl as string;
      expect(wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1a\/event_ws$/);
      expect(wsUrl).toBe(`${httpUrl.replace('http', 'ws')}/v1a/event_ws`);

      const client = await TestClient.connect(wsUrl);
      client.send({ type: 'START_STREAM', window_size: 10 });
      const first = await client.nextJson();
      expect(first).toMatchObject({ peer_id: 'cli-peer', stream_id: 's', latest_event_id: 2 });
      expect(await client.nextEventIds(2)).toEqual([1, 2]);
      const version = (await (await fetch(`${httpUrl}/v1a/version`)).json()) as Record<string, unknown>;
      expect(version.reward_spend_min_blocks).toBe(7);

      r.child.kill('SIGINT');
      expect(await r.exit).toBe(0);
      await client.waitClosed();
      await waitForLog(r, 'stopped', 100);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('--live prints the dev seed and premine address, accepts mining requests and stops on SIGTERM', async () => {
    const r = run(['--live', '--port', '0', '--reward-spend-min-blocks', '2']);
    try {
      const serving = await waitForLog(r, 'serving');
      expect(serving).toMatchObject({ source: 'live', premineAddress: DEV_SEED.addresses.mainnet[0], devSeedWords: DEV_SEED.words, blockInterval: 0 });
      expect(serving.txMiningUrl).toBe(`${serving.httpUrl as string}/tx-mining/`);
      const mined = (await (await fetch(`${serving.httpUrl as string}/v1a/mine`, { method: 'POST' })).json()) as { block: { height: number } };
      expect(mined.block.height).toBe(3);
      const bad = (await (await fetch(`${serving.httpUrl as string}/v1a/push_tx`, { method: 'POST', body: '{"hex_tx":"0g"}' })).json());
      expect(bad).toEqual({ success: false, message: 'Invalid hexadecimal data', can_force: false });
      r.child.kill('SIGTERM');
      expect(await r.exit).toBe(0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('serves a named scenario exactly as the generator produces it', async () => {
    const expected = generateScenario('SINGLE_CHAIN_ONE_BLOCK', { seed: 3 }).stream.events;
    const r = run(['--scenario', 'SINGLE_CHAIN_ONE_BLOCK', '--seed', '3', '--port', '0']);
    try {
      const serving = await waitForLog(r, 'serving');
      expect(serving).toMatchObject({ source: 'scenario', events: expected.length });
      const client = await TestClient.connect(serving.wsUrl as string);
      client.send({ type: 'START_STREAM', window_size: 1000 });
      for (const raw of expected) expect(memberText(await client.next(), 'event')).toBe(raw);
      client.close();
      r.child.kill('SIGINT');
      expect(await r.exit).toBe(0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('--write writes a random stream and its truth, replayable and the same bytes for the same seed', async () => {
    // Generated by the CLI twice rather than in-process: the generator's curve math is far slower under jest.
    const write = async (name: string) => {
      const file = path.join(dir, name);
      const r = run(['--random', '--seed', '11', '--blocks', '4', '--write', file]);
      expect(await r.exit).toBe(0);
      const wrote = await waitForLog(r, 'wrote stream', 100);
      expect(wrote.streamPath).toBe(file);
      return { file, wrote };
    };
    const [a, b] = await Promise.all([write('random-a.jsonl'), write('random-b.jsonl')]);
    const stream = loadReplayFile(a.file);
    expect(stream.events.length).toBe(a.wrote.events);
    expect(stream.events.length).toBeGreaterThan(20);
    expect(readFileSync(b.file, 'utf8')).toBe(readFileSync(a.file, 'utf8'));
    expect(JSON.parse(readFileSync(a.wrote.expectedPath as string, 'utf8'))).toMatchObject({ reward_spend_min_blocks: 10 });
  });

  it('exits 0 on SIGTERM too', async () => {
    const r = run(['--replay', replayFile, '--port', '0']);
    await waitForLog(r, 'serving');
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  });

  it.each([
    [['--replay', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['--replay', 'x', '--port', 'eighty'], '--port must be an integer between 0 and 65535, got "eighty"'],
    [['--replay', 'x', '--reward-spend-min-blocks', '-1'], "Option '--reward-spend-min-blocks' argument is ambiguous"],
  ])('%j is refused with one line on stderr and exit code 2', async (args, message) => {
    const r = run(args);
    expect(await r.exit).toBe(2);
    expect(r.stderr).toEqual([expect.stringContaining(message)]);
    expect(r.stdout).toEqual([]);
  });

  it('fails at start naming the file and line of a broken replay file', async () => {
    const broken = path.join(dir, 'broken.jsonl');
    writeFileSync(broken, `{"type":"EVENT","peer_id":"p","network":"n","event":${rawEvent(0)},"latest_event_id":0,"stream_id":"s"}\n{oops\n`);
    const r = run(['--replay', broken, '--port', '0']);
    expect(await r.exit).toBe(1);
    const fatal = await waitForLog(r, 'fullnode-simulator failed', 100);
    expect((fatal.err as { message: string }).message).toContain(`${broken}:2: not valid JSON`);
  });

  it('prints usage with --help', async () => {
    const r = run(['--help']);
    expect(await r.exit).toBe(0);
    expect(r.stdout[0]).toMatch(/^usage: fullnode-simulator start/);
  });
});
