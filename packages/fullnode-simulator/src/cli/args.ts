import { parseArgs } from 'util';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REWARD_SPEND_MIN_BLOCKS } from '../server/defaults';

/** A bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Sizes for --random, passed to the generator as given (it applies its own defaults). */
export interface RandomSizes {
  blocks?: number;
  txsPerBlock?: number;
  addresses?: number;
  reorgRate?: number;
  conflictRate?: number;
}

export type Source =
  | { kind: 'replay'; file: string }
  | { kind: 'scenario'; name: string; seed?: number }
  | { kind: 'random'; seed: number; sizes: RandomSizes };

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

export const USAGE = `usage: fullnode-simulator start (--replay FILE | --scenario NAME | --random --seed N [sizes]) [options]
  --port N                      HTTP and websocket port (default ${DEFAULT_PORT}; 0 = any free port)
  --host ADDR                   listen address (default ${DEFAULT_HOST})
  --reward-spend-min-blocks N   reward lock reported on /v1a/version and used by the generator (default ${DEFAULT_REWARD_SPEND_MIN_BLOCKS})
  --peer-id ID, --stream-id ID, --network NAME   envelope overrides
  --events-per-second N         pace each stream
  --seed N                      generator seed (required with --random)
  --blocks N, --txs-per-block N, --addresses N, --reorg-rate R, --conflict-rate R   --random sizes
  --write FILE                  write the generated stream to FILE (+ FILE.expected.json) and exit`;

const OPTIONS = {
  replay: { type: 'string' },
  scenario: { type: 'string' },
  random: { type: 'boolean' },
  seed: { type: 'string' },
  blocks: { type: 'string' },
  'txs-per-block': { type: 'string' },
  addresses: { type: 'string' },
  'reorg-rate': { type: 'string' },
  'conflict-rate': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'reward-spend-min-blocks': { type: 'string' },
  'peer-id': { type: 'string' },
  'stream-id': { type: 'string' },
  network: { type: 'string' },
  'events-per-second': { type: 'string' },
  write: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

function nonEmpty(flag: string, text: string | undefined): string | undefined {
  if (text !== undefined && text.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  return text;
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
  const { values: v, positionals } = parsed;
  if (v.help) return null;
  const extra = positionals[0] === 'start' ? positionals.slice(1) : positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);

  const chosen = [v.replay !== undefined && '--replay', v.scenario !== undefined && '--scenario', v.random && '--random'].filter(Boolean);
  if (chosen.length !== 1) {
    throw new UsageError(chosen.length === 0 ? 'one of --replay FILE, --scenario NAME or --random is required' : `${chosen.join(' and ')} cannot be combined`);
  }
  const seed = integer('seed', v.seed, 0);
  const sizeFlags = ['blocks', 'txs-per-block', 'addresses', 'reorg-rate', 'conflict-rate'] as const;
  const sizeGiven = sizeFlags.find((f) => v[f] !== undefined);
  if (!v.random && sizeGiven !== undefined) throw new UsageError(`--${sizeGiven} only applies to --random`);

  let source: Source;
  if (v.replay !== undefined) {
    if (seed !== undefined) throw new UsageError('--seed does not apply to --replay');
    if (v.write !== undefined) throw new UsageError('--write only applies to generated streams (--scenario or --random)');
    source = { kind: 'replay', file: nonEmpty('replay', v.replay) as string };
  } else if (v.scenario !== undefined) {
    source = { kind: 'scenario', name: nonEmpty('scenario', v.scenario) as string, seed };
  } else {
    if (seed === undefined) throw new UsageError('--random needs --seed N');
    const sizes: RandomSizes = {
      blocks: integer('blocks', v.blocks, 1),
      txsPerBlock: integer('txs-per-block', v['txs-per-block'], 0),
      addresses: integer('addresses', v.addresses, 1),
      reorgRate: rate('reorg-rate', v['reorg-rate']),
      conflictRate: rate('conflict-rate', v['conflict-rate']),
    };
    source = { kind: 'random', seed, sizes };
  }

  const eventsPerSecond = v['events-per-second'] === undefined ? undefined : Number(v['events-per-second']);
  if (eventsPerSecond !== undefined && !(eventsPerSecond > 0 && Number.isFinite(eventsPerSecond))) {
    throw new UsageError(`--events-per-second must be a positive number, got ${JSON.stringify(v['events-per-second'])}`);
  }
  return {
    source,
    port: integer('port', v.port, 0, 65535) ?? DEFAULT_PORT,
    host: nonEmpty('host', v.host) ?? DEFAULT_HOST,
    rewardSpendMinBlocks: integer('reward-spend-min-blocks', v['reward-spend-min-blocks'], 0) ?? DEFAULT_REWARD_SPEND_MIN_BLOCKS,
    peerId: nonEmpty('peer-id', v['peer-id']),
    streamId: nonEmpty('stream-id', v['stream-id']),
    network: nonEmpty('network', v.network),
    eventsPerSecond,
    write: nonEmpty('write', v.write),
  };
}
