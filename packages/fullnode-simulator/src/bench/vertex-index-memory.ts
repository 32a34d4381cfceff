import { performance } from 'node:perf_hooks';
import { loadReplayFile } from '../replay/load';
import { EventLog } from '../server/event-log';
import { accumulatedWork } from '../server/node-api/acc-weight';
import { VertexIndex } from '../server/node-api/vertex-index';
import { metaJson, txJson } from '../server/node-api/vertex-json';

/**
 * What the node-API vertex index costs on a big stream: build time, the memory it adds on top of the event
 * log, and per-request times. Run on a stream file (e.g. one written with `start --random --events 1000000
 * --write FILE`):
 *
 *   node --expose-gc --max-old-space-size=6000 packages/fullnode-simulator/dist/bench/vertex-index-memory.js FILE
 */
function settle(): { heap: number; buffers: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function main(file: string): void {
  const stream = loadReplayFile(file);
  const log = new EventLog(stream.events);
  stream.events.length = 0;
  const base = settle();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const index = new VertexIndex(log, { rewardSpendMinBlocks: stream.meta.rewardSpendMinBlocks }).sync();
  const buildMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const built = settle();
  const added = built.heap - base.heap + (built.buffers - base.buffers);
  const lines = [
    `events            ${log.size}`,
    `vertices          ${index.size} (skipped events: ${index.skipped})`,
    `event log heap    ${mb(base.heap)} (rss ${mb(base.rss)})`,
    `index build       ${(buildMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU (GC threads included; ${Math.round(log.size / (buildMs / 1000))} events/s)`,
    `index memory      ${mb(added)} (${Math.round(added / index.size)} bytes/vertex; heap ${mb(built.heap - base.heap)}, typed arrays ${mb(built.buffers - base.buffers)})`,
    `rss after build   ${mb(built.rss)}`,
  ];
  const sample = Array.from({ length: 2000 }, (_, i) => Math.floor((i * index.size) / 2000));
  let t = performance.now();
  for (const vid of sample) {
    const data = index.data(vid);
    txJson(index, vid, data);
    metaJson(index, vid, data);
  }
  lines.push(`transaction json  ${((performance.now() - t) / sample.length).toFixed(3)} ms per vertex (2000 spread over the stream)`);
  t = performance.now();
  let txs = 0;
  for (const vid of sample) {
    if (index.isBlock(vid)) continue;
    const firstBlock = index.data(vid).metadata.first_block;
    const block = firstBlock == null ? undefined : index.lookup(firstBlock);
    accumulatedWork(index, vid, block === undefined ? Infinity : Math.floor(0.5 + 2 ** (index.data(block).weight + Math.log2(6))));
    txs++;
  }
  lines.push(`acc weight        ${((performance.now() - t) / Math.max(txs, 1)).toFixed(3)} ms per tx (${txs} txs)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv[2] ?? '');
