import { parseArgs, type ParseArgsConfig } from 'util';
import { SCENARIOS } from '../generator';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REWARD_SPEND_MIN_BLOCKS } from '../server/defaults';

/** A bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** --random flags: name, RandomOptions key, and the allowed range (the generator applies its defaults). */
const RANDOM_FLAGS = [
  { flag: 'blocks', key: 'blocks', kind: 'int', min: 1 },
  { flag: 'events', key: 'events', kind: 'int', min: 1 },
  { flag: 'txs-per-block', key: 'txsPerBlock', kind: 'int', min: 0 },
  { flag: 'addresses', key: 'addresses', kind: 'int', min: 1 },
  { flag: 'wallets', key: 'wallets', kind: 'int', min: 0 },
  { flag: 'max-reorg-depth', key: 'maxReorgDepth', kind: 'int', min: 1 },
  { flag: 'reorg-rate', key: 'reorgRate', kind: 'rate', min: 0 },
  { flag: 'conflict-rate', key: 'conflictRate', kind: 'rate', min: 0 },
  { flag: 'token-rate', key: 'tokenRate', kind: 'rate', min: 0 },
  { flag: 'nano-rate', key: 'nanoRate', kind: 'rate', min: 0 },
  { flag: 'timelock-rate', key: 'timelockRate', kind: 'rate', min: 0 },
  { flag: 'script-rate', key: 'scriptRate', kind: 'rate', min: 0 },
] as const;

export type RandomSizes = Partial<Record<(typeof RANDOM_FLAGS)[number]['key'], number>>;

export type Source =
  | { kind: 'replay'; file: string }
  | { kind: 'scenario'; name: string; seed?: number }
  | { kind: 'random'; seed: number; sizes: RandomSizes }
  | { kind: 'live'; premineAddress?: string; minerAddress?: string; blockInterval: number; record?: string };

export interface CliOptions {
  source: Source;
  port: number;
  host: string;
  rewardSpendMinBlocks: number;
  peerId?: string;
  streamId?: string;
  network?: string;
  eventsPerSecond?: number;
  /** Write the generated stream (and FILE.expected.json) instead of serving. */
  write?: string;
}

export const USAGE = `usage: fullnode-simulator start (--replay FILE | --scenario NAME | --random --seed N [sizes] | --live [live options]) [options]
  --port N                      HTTP and websocket port (default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDR                   listen address (default ${DEFAULT_HOST})
  --reward-spend-min-blocks N   reward lock reported on /v1a/version and used by the generator (default ${DEFAULT_REWARD_SPEND_MIN_BLOCKS})
  --peer-id ID, --stream-id ID, --network NAME   envelope overrides
  --events-per-second N         pace each stream
  --seed N                      generator seed (required with --random)
  --blocks N, --events N, --txs-per-block N, --addresses N, --wallets N, --max-reorg-depth N,
  --reorg-rate R, --conflict-rate R, --token-rate R, --nano-rate R, --timelock-rate R, --script-rate R
                                --random sizes and rates (R between 0 and 1; generator defaults otherwise)
  --write FILE                  write the generated stream to FILE (+ its .expected.json truth) and exit
  --live                        a live node: accepts POST /v1a/push_tx, mines, serves /tx-mining/ (submit-job, job-status)
  --premine-address ADDR        --live: who receives the genesis premine (default: address 0 of DEV_SEED, printed at start)
  --miner-address ADDR          --live: who receives block rewards (default: a fixed address nobody owns)
  --block-interval S            --live: seconds between blocks (default 0 = only on POST /v1a/mine)
  --record FILE                 --live: write every event to FILE as JSONL (replay it with --replay FILE)
scenarios: ${SCENARIOS.join(', ')}`;

const OPTIONS: ParseArgsConfig['options'] = {
  replay: { type: 'string' },
  scenario: { type: 'string' },
  random: { type: 'boolean' },
  seed: { type: 'string' },
  ...Object.fromEntries(RANDOM_FLAGS.map((f) => [f.flag, { type: 'string' } as const])),
  port: { type: 'string' },
  host: { type: 'string' },
  'reward-spend-min-blocks': { type: 'string' },
  'peer-id': { type: 'string' },
  'stream-id': { type: 'string' },
  network: { type: 'string' },
  'events-per-second': { type: 'string' },
  write: { type: 'string' },
  live: { type: 'boolean' },
  'premine-address': { type: 'string' },
  'miner-address': { type: 'string' },
  'block-interval': { type: 'string' },
  record: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function integer(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${flag} must be an integer between ${min} and ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function rate(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--${flag} must be a number between 0 and 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

const LIVE_FLAGS = ['premine-address', 'miner-address', 'block-interval', 'record'] as const;

function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 86_400) {
    throw new UsageError(`--${flag} must be a number of seconds between 0 and 86400, got ${JSON.stringify(text)}`);
  }
  return value;
}

function nonEmpty(flag: string, text: string | undefined): string | undefined {
  if (text !== undefined && text.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  return text;
}

function randomSizes(get: (flag: string) => string | undefined): RandomSizes {
  const sizes: RandomSizes = {};
  for (const f of RANDOM_FLAGS) {
    const value = f.kind === 'int' ? integer(f.flag, get(f.flag), f.min) : rate(f.flag, get(f.flag));
    if (value !== undefined) sizes[f.key] = value;
  }
  return sizes;
}

/** Parses `start` arguments; returns null when --help was asked for. Throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): CliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    // Node's message goes on over several lines with advice about '--'; its first sentence says it all.
    throw new UsageError((err as Error).message.split('\n')[0].split('. ')[0]);
  }
  const positionals = parsed.positionals;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const get = (flag: string): string | undefined => values[flag] as string | undefined;
  if (values.help === true) return null;
  const extra = positionals[0] === 'start' ? positionals.slice(1) : positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);

  const random = values.random === true;
  const live = values.live === true;
  const chosen = [get('replay') !== undefined && '--replay', get('scenario') !== undefined && '--scenario', random && '--random', live && '--live'];
  const given = chosen.filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0 ? 'one of --replay FILE, --scenario NAME, --random or --live is required' : `${given.join(' and ')} cannot be combined`,
    );
  }
  const liveFlag = LIVE_FLAGS.find((f) => get(f) !== undefined);
  if (!live && liveFlag !== undefined) throw new UsageError(`--${liveFlag} only applies to --live`);
  const seed = integer('seed', get('seed'), 0);
  const sizeGiven = RANDOM_FLAGS.find((f) => get(f.flag) !== undefined);
  if (!random && sizeGiven !== undefined) throw new UsageError(`--${sizeGiven.flag} only applies to --random`);

  let source: Source;
  const replay = nonEmpty('replay', get('replay'));
  const scenario = nonEmpty('scenario', get('scenario'));
  if (replay !== undefined) {
    if (seed !== undefined) throw new UsageError('--seed does not apply to --replay');
    if (get('write') !== undefined) throw new UsageError('--write only applies to generated streams (--scenario or --random)');
    source = { kind: 'replay', file: replay };
  } else if (live) {
    if (seed !== undefined) throw new UsageError('--seed does not apply to --live');
    if (get('write') !== undefined) throw new UsageError('--write only applies to generated streams (--scenario or --random); --live records with --record FILE');
    source = {
      kind: 'live',
      premineAddress: nonEmpty('premine-address', get('premine-address')),
      minerAddress: nonEmpty('miner-address', get('miner-address')),
      blockInterval: seconds('block-interval', get('block-interval')) ?? 0,
      record: nonEmpty('record', get('record')),
    };
  } else if (scenario !== undefined) {
    if (!SCENARIOS.includes(scenario)) throw new UsageError(`unknown scenario ${JSON.stringify(scenario)}; known: ${SCENARIOS.join(', ')}`);
    source = { kind: 'scenario', name: scenario, seed };
  } else {
    if (seed === undefined) throw new UsageError('--random needs --seed N');
    source = { kind: 'random', seed, sizes: randomSizes(get) };
  }

  const pace = get('events-per-second');
  const eventsPerSecond = pace === undefined ? undefined : Number(pace);
  if (eventsPerSecond !== undefined && !(eventsPerSecond > 0 && Number.isFinite(eventsPerSecond))) {
    throw new UsageError(`--events-per-second must be a positive number, got ${JSON.stringify(pace)}`);
  }
  return {
    source,
    port: integer('port', get('port'), 0, 65535) ?? DEFAULT_PORT,
    host: nonEmpty('host', get('host')) ?? DEFAULT_HOST,
    rewardSpendMinBlocks: integer('reward-spend-min-blocks', get('reward-spend-min-blocks'), 1) ?? DEFAULT_REWARD_SPEND_MIN_BLOCKS,
    peerId: nonEmpty('peer-id', get('peer-id')),
    streamId: nonEmpty('stream-id', get('stream-id')),
    network: nonEmpty('network', get('network')),
    eventsPerSecond,
    write: nonEmpty('write', get('write')),
  };
}
