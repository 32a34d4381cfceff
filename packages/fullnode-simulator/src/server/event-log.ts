/**
 * The server's event store: raw event texts indexed by id, plus notification of appended events so every
 * active stream can pick them up. A later live mode appends here as it accepts transactions and mines.
 */
export class EventLog {
  private readonly events: string[];
  private readonly listeners = new Set<() => void>();

  constructor(events: readonly string[]) {
    this.events = events.slice();
  }

  get size(): number {
    return this.events.length;
  }

  /** Newest event id, or null while the log is empty. */
  get latestId(): number | null {
    return this.events.length === 0 ? null : this.events.length - 1;
  }

  get(id: number): string {
    const raw = this.events[id];
    if (raw === undefined) throw new RangeError(`event ${id} does not exist (latest is ${this.latestId})`);
    return raw;
  }

  /** Events [from, from + count) that exist. */
  slice(from: number, count: number): string[] {
    return this.events.slice(from, from + count);
  }

  /** Adds events at the end; each must be a JSON object whose `id` continues the sequence. */
  append(rawEvents: readonly string[]): void {
    let expected = this.events.length;
    for (const raw of rawEvents) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (err) {
        throw new Error(`appended event ${expected} is not valid JSON: ${(err as Error).message}`);
      }
      const id = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
      if (id !== expected) throw new Error(`appended event has id ${JSON.stringify(id)}, expected ${expected}`);
      expected++;
    }
    for (const raw of rawEvents) this.events.push(raw);
    for (const listener of this.listeners) listener();
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
