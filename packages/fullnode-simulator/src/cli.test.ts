import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
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
  const collect = (into: string[]) => (chunk: Buffer) => into.push(...chunk.toString().split('\n').filter(Boolean));
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
