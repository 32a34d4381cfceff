import { parseCliArgs, UsageError } from '../args';

function refusal(args: string[]): string {
  try {
    parseCliArgs(args);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`${JSON.stringify(args)} was accepted`);
}

describe('parseCliArgs', () => {
  it('applies the defaults', () => {
    expect(parseCliArgs(['start', '--replay', 'f.jsonl'])).toEqual({
      source: { kind: 'replay', file: 'f.jsonl' },
      port: 8083,
      host: '127.0.0.1',
      rewardSpendMinBlocks: 10,
      peerId: undefined,
      streamId: undefined,
      network: undefined,
      eventsPerSecond: undefined,
      write: undefined,
    });
  });

  it('reads the live options', () => {
    const opts = parseCliArgs(['start', '--live', '--premine-address', 'HP', '--miner-address', 'HM', '--block-interval', '0.5', '--record', 'r.jsonl']);
    expect(opts?.source).toEqual({ kind: 'live', premineAddress: 'HP', minerAddress: 'HM', blockInterval: 0.5, record: 'r.jsonl' });
    expect(parseCliArgs(['--live'])?.source).toEqual({
      kind: 'live',
      premineAddress: undefined,
      minerAddress: undefined,
      blockInterval: 0,
      record: undefined,
    });
  });

  it('reads every option', () => {
    const opts = parseCliArgs([
      '--random', '--seed', '42', '--blocks', '30', '--txs-per-block', '4', '--addresses', '12',
      '--reorg-rate', '0.1', '--conflict-rate', '0', '--port', '0', '--host', '0.0.0.0',
      '--reward-spend-min-blocks', '3', '--peer-id', 'p', '--stream-id', 's', '--network', 'testnet',
      '--events-per-second', '2.5', '--write', 'out.jsonl',
    ]);
    expect(opts).toEqual({
      source: { kind: 'random', seed: 42, sizes: { blocks: 30, txsPerBlock: 4, addresses: 12, reorgRate: 0.1, conflictRate: 0 } },
      port: 0,
      host: '0.0.0.0',
      rewardSpendMinBlocks: 3,
      peerId: 'p',
      streamId: 's',
      network: 'testnet',
      eventsPerSecond: 2.5,
      write: 'out.jsonl',
    });
    expect(parseCliArgs(['--scenario', 'REORG', '--seed', '7'])?.source).toEqual({ kind: 'scenario', name: 'REORG', seed: 7 });
    expect(parseCliArgs(['--scenario', 'REORG'])?.source).toEqual({ kind: 'scenario', name: 'REORG', seed: undefined });
  });

  it('returns null for --help', () => {
    expect(parseCliArgs(['--help'])).toBeNull();
    expect(parseCliArgs(['-h'])).toBeNull();
  });

  it.each([
    [['--replay', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['--replay'], "Option '--replay <value>' argument missing"],
    [['--replay', 'x', '--port', 'eighty'], '--port must be an integer between 0 and 65535, got "eighty"'],
    [['--replay', 'x', '--port', '70000'], '--port must be an integer between 0 and 65535, got "70000"'],
    [['--replay', 'x', '--reward-spend-min-blocks=-1'], '--reward-spend-min-blocks must be an integer between 1 and'],
    [['--replay', 'x', '--events-per-second', '0'], '--events-per-second must be a positive number, got "0"'],
    [['--replay', 'x', '--events-per-second', 'fast'], '--events-per-second must be a positive number, got "fast"'],
    [['--replay', ''], '--replay must not be empty'],
    [['--port', '1'], 'one of --replay FILE, --scenario NAME, --random or --live is required'],
    [['--live', '--replay', 'x'], '--replay and --live cannot be combined'],
    [['--live', '--block-interval', 'soon'], '--block-interval must be a number of seconds between 0 and 86400, got "soon"'],
    [['--live', '--block-interval=-1'], '--block-interval must be a number of seconds between 0 and 86400'],
    [['--live', '--seed', '1'], '--seed does not apply to --live'],
    [['--live', '--write', 'x'], '--write only applies to generated streams (--scenario or --random); --live records with --record FILE'],
    [['--live', '--premine-address', ''], '--premine-address must not be empty'],
    [['--replay', 'x', '--block-interval', '1'], '--block-interval only applies to --live'],
    [['--scenario', 'REORG', '--record', 'f'], '--record only applies to --live'],
    [['--replay', 'x', '--scenario', 'REORG'], '--replay and --scenario cannot be combined'],
    [['--replay', 'x', '--seed', '1'], '--seed does not apply to --replay'],
    [['--random'], '--random needs --seed N'],
    [['--random', '--seed', 'abc'], '--seed must be an integer between 0 and'],
    [['--random', '--seed', '1', '--blocks', '0'], '--blocks must be an integer between 1 and'],
    [['--random', '--seed', '1', '--reorg-rate', '2'], '--reorg-rate must be a number between 0 and 1, got "2"'],
    [['--scenario', 'REORG', '--blocks', '5'], '--blocks only applies to --random'],
    [['--scenario', 'NO_SUCH'], 'unknown scenario "NO_SUCH"; known: ONLY_LOAD, '],
    [['--random', '--seed', '1', '--events', '0'], '--events must be an integer between 1 and'],
    [['--random', '--seed', '1', '--nano-rate=-0.5'], '--nano-rate must be a number between 0 and 1'],
    [['--replay', 'x', '--write', 'out.jsonl'], '--write only applies to generated streams (--scenario or --random)'],
    [['--replay', 'x', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j', (args, message) => {
    const text = refusal(args);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });
});
