import { generateRandom, generateRandomToFile, generateScenario, writeStreamFile } from '../generator';
import { loadReplayFile } from '../replay/load';
import type { EventStream } from '../stream';
import type { CliOptions } from './args';

/** Generator settings shared by scenarios and random streams; envelope values shape the content too. */
function generatorOptions(opts: CliOptions) {
  return { rewardSpendMinBlocks: opts.rewardSpendMinBlocks, network: opts.network, peerId: opts.peerId, streamId: opts.streamId };
}

/** The stream the CLI serves: a replay file, or a generated scenario / random stream. */
export function loadSource(opts: CliOptions): EventStream {
  const source = opts.source;
  switch (source.kind) {
    case 'replay':
      return loadReplayFile(source.file, { rewardSpendMinBlocks: opts.rewardSpendMinBlocks });
    case 'scenario':
      return generateScenario(source.name, { ...generatorOptions(opts), seed: source.seed }).stream;
    case 'random':
      return generateRandom({ ...generatorOptions(opts), ...source.sizes, seed: source.seed }).stream;
    case 'live':
      throw new Error('a live node has no stream to load; cli.ts starts it with startLiveNode');
  }
}

/** --write: the generated stream as JSONL in the node's wire format, and its truth beside it. */
export function writeGenerated(opts: CliOptions, file: string): { events: number; streamPath: string; expectedPath: string } {
  const source = opts.source;
  switch (source.kind) {
    case 'replay':
    case 'live':
      throw new Error('--write only applies to generated streams');
    case 'scenario': {
      const generated = generateScenario(source.name, { ...generatorOptions(opts), seed: source.seed });
      return { events: generated.stream.events.length, ...writeStreamFile(file, generated) };
    }
    case 'random':
      // Straight to the file: benchmark streams are too big to hold as lines in memory.
      return generateRandomToFile(file, { ...generatorOptions(opts), ...source.sizes, seed: source.seed });
  }
}
