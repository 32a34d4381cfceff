import { DEV_SEED, type Logger } from '@wallet-service/common';
import type { CliOptions, Source } from '../cli/args';
import { startLiveNode } from './node';

/** `start --live`: a live node on the CLI's port, announcing where everything is and whose the premine is. */
export async function serveLive(
  opts: CliOptions,
  source: Extract<Source, { kind: 'live' }>,
  logger: Logger,
  stopOnSignals: (close: () => Promise<void>) => void,
): Promise<void> {
  const node = await startLiveNode({
    port: opts.port,
    host: opts.host,
    network: opts.network,
    peerId: opts.peerId,
    streamId: opts.streamId,
    rewardSpendMinBlocks: opts.rewardSpendMinBlocks,
    premineAddress: source.premineAddress,
    minerAddress: source.minerAddress,
    blockInterval: source.blockInterval,
    record: source.record,
    logger,
  });
  stopOnSignals(() => node.close());
  const devPremine = source.premineAddress === undefined;
  logger.info('serving', {
    source: 'live',
    wsUrl: node.wsUrl,
    httpUrl: node.httpUrl,
    txMiningUrl: node.txMiningUrl,
    peerId: node.peerId,
    network: node.network,
    streamId: node.streamId,
    rewardSpendMinBlocks: node.rewardSpendMinBlocks,
    premineAddress: node.premineAddress,
    // the development seed is public by design: printing it is what lets a newcomer's wallet spend the premine
    ...(devPremine ? { devSeedWords: DEV_SEED.words } : {}),
    minerAddress: node.minerAddress,
    blockInterval: source.blockInterval,
    record: source.record ?? null,
    events: node.events().length,
  });
}
