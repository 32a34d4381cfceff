import { loadReplayFile } from '../replay/load';
import type { EventStream } from '../stream';
import type { CliOptions } from './args';

/** The stream the CLI serves: a replay file, or a generated scenario / random stream. */
export async function loadSource(opts: CliOptions): Promise<EventStream> {
  const source = opts.source;
  if (source.kind === 'replay') return loadReplayFile(source.file, { rewardSpendMinBlocks: opts.rewardSpendMinBlocks });
  throw new Error(`--${source.kind} is not available yet: the generator has not landed`);
}

export async function writeGenerated(opts: CliOptions, file: string): Promise<Record<string, unknown>> {
  throw new Error(`cannot write ${file} for --${opts.source.kind}: the generator has not landed`);
}
