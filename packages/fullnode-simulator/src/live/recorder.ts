import { closeSync, openSync, writeSync } from 'node:fs';
import { envelopeText } from '../generator/serialize';
import type { StreamMeta } from '../stream';

/**
 * Writes a live session as JSONL in the node's wire format, one envelope per event as it happens, so the
 * file replays with `--replay`. Each line's latest_event_id is the event's own id: what the node had
 * when it sent it. Written synchronously so a killed process loses nothing already served.
 */
export class StreamRecorder {
  private fd: number | null;
  private nextId = 0;

  constructor(
    readonly file: string,
    private readonly meta: StreamMeta,
  ) {
    this.fd = openSync(file, 'w');
  }

  write(events: readonly string[]): void {
    if (this.fd === null || events.length === 0) return;
    let text = '';
    for (const event of events) text += envelopeText(event, this.meta, this.nextId++) + '\n';
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
