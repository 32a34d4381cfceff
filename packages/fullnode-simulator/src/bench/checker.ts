import { performance } from 'node:perf_hooks';
import { checkStream } from '../checker';
import { generateRandom } from '../generator';

/**
 * How fast the independent checker derives the ground truth of a stream (it runs on every generated
 * scenario in the tests, so its speed is what keeps those tests short). `yarn bench:checker [events]`
 * generates a seeded random stream of about that many events (default 100,000) and times checkStream
 * over it, after one warm-up run.
 */
function main(target: number): void {
  const generated = generateRandom({ seed: 1, events: target, wallets: 2 });
  const { stream } = generated;
  const options = { rewardSpendMinBlocks: stream.meta.rewardSpendMinBlocks, now: 1_800_000_000 };
  checkStream(stream, options);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    checkStream(stream, options);
    runs.push(performance.now() - started);
  }
  const best = Math.min(...runs);
  process.stdout.write(
    `checkStream: ${stream.events.length} events, runs ${runs.map((r) => r.toFixed(0)).join(' / ')} ms, best ${(stream.events.length / (best / 1000)).toFixed(0)} events/s\n`,
  );
}

main(Number(process.argv[2] ?? 100_000));
