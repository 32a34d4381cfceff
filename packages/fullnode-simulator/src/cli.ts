#!/usr/bin/env node
import { createLogger } from '@wallet-service/common';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './cli/args';
import { loadSource, writeGenerated } from './cli/sources';
import { startSimulator } from './server/simulator';
import { serveLive } from './live/cli-live';

/**
 * `yarn workspace fullnode-simulator start ...`: serve a replayed or generated stream like a full node, or
 * (--write) write a generated stream and its ground truth to files.
 */
const logger = createLogger({ service: 'fullnode-simulator' });

/** SIGINT / SIGTERM close the server (finishing the recording) and exit 0. */
function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error('close failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serve(opts: CliOptions): Promise<void> {
  if (opts.source.kind === 'live') return serveLive(opts, opts.source, logger, stopOnSignals);
  const began = Date.now();
  const stream = loadSource(opts);
  const sim = await startSimulator({
    stream,
    port: opts.port,
    host: opts.host,
    peerId: opts.peerId,
    network: opts.network,
    streamId: opts.streamId,
    rewardSpendMinBlocks: opts.rewardSpendMinBlocks,
    eventsPerSecond: opts.eventsPerSecond,
    indexInBackground: true,
    logger,
  });
  // Handlers first: whoever reads the 'serving' line may signal at once.
  stopOnSignals(() => sim.close());
  logger.info('serving', {
    wsUrl: sim.wsUrl,
    httpUrl: sim.httpUrl,
    source: opts.source.kind,
    events: stream.events.length,
    peerId: opts.peerId ?? stream.meta.peerId,
    network: opts.network ?? stream.meta.network,
    streamId: opts.streamId ?? stream.meta.streamId,
    rewardSpendMinBlocks: opts.rewardSpendMinBlocks,
    loadMs: Date.now() - began,
  });
}

async function main(argv: string[]): Promise<void> {
  let opts: CliOptions | null;
  try {
    opts = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`fullnode-simulator: ${err.message} (see --help)\n`);
    process.exit(2);
  }
  if (opts === null) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (opts.write !== undefined) {
    const began = Date.now();
    const written = writeGenerated(opts, opts.write);
    logger.info('wrote stream', { ...written, ms: Date.now() - began });
    process.exit(0);
  }
  await serve(opts);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  logger.fatal('fullnode-simulator failed', { err });
  process.exit(1);
});
