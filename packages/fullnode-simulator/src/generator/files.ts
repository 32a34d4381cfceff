import { writeFileSync } from 'node:fs';
import type { Truth, TruthUtxo } from '../truth/types';
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
 * JSON with bigints as plain JSON integers: native JSON.stringify (far faster than a lossless serialiser)
 * with bigints passed through a marked string that is then unquoted; the private-use marks occur in no
 * other truth string.
 */
function jsonWithBigints(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `\ue000${v}\ue000` : v), indent);
  return text.replace(BIGINT_MARK, '$1');
}

function utxoText(u: TruthUtxo): string {
  const { tx_id, index, value, ...rest } = u;
  return `{"tx_id":"${tx_id}","index":${index},"value":${value},${JSON.stringify(rest).slice(1)}`;
}

/**
 * JSON text of a truth (amounts as JSON integers). Compact text is built field by field: the big fields of
 * a million-event truth (vertices, utxos, tx ids) go through native JSON.stringify without a replacer.
 */
export function truthText(truth: Truth, indent?: number): string {
  if (indent !== undefined) return `${jsonWithBigints(truth, indent)}\n`;
  const fields = Object.entries(truth).map(([key, value]) => {
    let text: string;
    if (key === 'utxos' || key === 'unaddressed_utxos') text = `[${(value as TruthUtxo[]).map(utxoText).join(',')}]`;
    else if (key === 'vertices' || key === 'address_tx_ids' || key === 'voided' || key === 'removed') text = JSON.stringify(value);
    else text = jsonWithBigints(value);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${fields.join(',')}}\n`;
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
