import { writeFileSync } from 'node:fs';
import type { Truth } from '../truth/types';
import type { Generated } from './generate';
import { runRandom, type RandomOptions } from './random';
import { LineWriter } from './line-writer';
import { envelopeHead, envelopeTail, envelopeText } from './serialize';
import { streamMeta } from './sim';
import { computeTruth } from './truth';

/** `<path without .jsonl>.expected.json`, next to the stream file. */
export function expectedPathFor(path: string): string {
  return `${path.replace(/\.jsonl$/, '')}.expected.json`;
}

const BIGINT_MARK = /"\ue000(\d+)\ue000"/g;

/**
 * JSON text of a truth with amounts as plain JSON integers. Native JSON.stringify (several times faster
 * than a lossless serialiser on truths of million-event streams) with bigints passed through a marked
 * string that is then unquoted; the private-use marks occur in no other truth string.
 */
export function truthText(truth: Truth, indent?: number): string {
  const text = JSON.stringify(truth, (_key, value: unknown) => (typeof value === 'bigint' ? `\ue000${value}\ue000` : value), indent);
  return `${text.replace(BIGINT_MARK, '$1')}\n`;
}

/**
 * Writes a generated stream as JSONL in the node's wire format (one envelope per line, like the recorded
 * fixtures; latest_event_id = the last event id) and its truth as `<path without .jsonl>.expected.json`.
 */
export function writeStreamFile(path: string, generated: Generated): { streamPath: string; expectedPath: string } {
  const { meta, events } = generated.stream;
  const last = events.length - 1;
  const lines = events.map((e) => envelopeText(e, meta, last));
  writeFileSync(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  const expectedPath = expectedPathFor(path);
  writeFileSync(expectedPath, truthText(generated.truth, 2));
  return { streamPath: path, expectedPath };
}

/**
 * Generates a random stream straight into a JSONL file without keeping its lines in memory (only the DAG
 * model is kept, for consensus and the truth). Each line's latest_event_id is that event's own id, as a
 * node streaming live would send it; the truth goes to `<path without .jsonl>.expected.json`.
 */
export function generateRandomToFile(path: string, opts: RandomOptions): { events: number; streamPath: string; expectedPath: string } {
  const meta = streamMeta(opts);
  const head = envelopeHead(meta);
  const writer = new LineWriter(path);
  let sim;
  try {
    sim = runRandom(opts, (id, parts) => {
      writer.write(head);
      for (const part of parts) writer.write(part);
      writer.write(envelopeTail(meta, id));
      writer.write('\n');
    });
  } finally {
    writer.close();
  }
  const expectedPath = expectedPathFor(path);
  writeFileSync(expectedPath, truthText(computeTruth(sim)));
  return { events: sim.emitter.count, streamPath: path, expectedPath };
}
