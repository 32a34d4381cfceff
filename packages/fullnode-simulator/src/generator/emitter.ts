import type { Step } from './consensus/step';
import { type Dag, isVoided, type Vertex } from './model';
import { bodyText, eventHead, eventTail, metadataText, reorgStartedData, tokenCreatedData } from './serialize';

/**
 * Receives each event, in id order, as text pieces whose concatenation is the event's raw JSON (pieces
 * let a file writer copy them straight into its buffer instead of building each event string first).
 */
export type EventSink = (id: number, parts: readonly string[]) => void;

/** A sink handing each event's whole text to `push`. */
export function textSink(push: (eventText: string, id: number) => void): EventSink {
  return (id, parts) => push(parts.join(''), id);
}

/** Event timestamps are informative only; the node's are the wall clock when the event was created. */
const EVENT_DELAY = 0.25;

/**
 * Turns consensus steps into events in the order the node sends them (daemon-spec §1.5 and the recorded
 * streams): [REORG_STARTED], metadata changes (newly voided first, the new vertex, newly un-voided in reverse
 * topological order, then the rest), nano NC_EVENT/TOKEN_CREATED, VERTEX_REMOVED, [REORG_FINISHED],
 * NEW_VERTEX_ACCEPTED, and TOKEN_CREATED after a token-creation tx.
 */
export class Emitter {
  private nextId = 0;
  private nextGroup = 0;
  private group: number | null = null;
  /** while muted, steps change the DAG but send nothing (vertices built for the load phase) */
  muted = false;

  constructor(
    private readonly dag: Dag,
    private readonly sink: EventSink,
  ) {}

  get count(): number {
    return this.nextId;
  }

  get lastEventId(): number {
    return this.nextId - 1;
  }

  private emit(type: string, data: string, timestamp: number): number {
    const id = this.nextId++;
    this.sink(id, [eventHead(id, timestamp, type), data, eventTail(this.group)]);
    return id;
  }

  private emitVertex(type: 'NEW_VERTEX_ACCEPTED' | 'VERTEX_METADATA_CHANGED', v: Vertex, metadata: string, ts: number): void {
    const id = this.nextId++;
    this.sink(id, [eventHead(id, ts, type), bodyText(this.dag, v), ',"metadata":', metadata, '}', eventTail(this.group)]);
    v.lastEventId = id;
  }

  private emitRemoved(v: Vertex, ts: number): void {
    const id = this.nextId++;
    this.sink(id, [eventHead(id, ts, 'VERTEX_REMOVED'), bodyText(this.dag, v), '}', eventTail(this.group)]);
  }

  /** The load phase: every present vertex as NEW_VERTEX_ACCEPTED with its current metadata, in topological order. */
  emitLoadPhase(timestamp: number): void {
    this.emit('LOAD_STARTED', '{}', timestamp);
    const vertices = [...this.dag.vertices.values()].filter((v) => !v.removed).sort((a, b) => a.seq - b.seq);
    for (const v of vertices) this.emitVertex('NEW_VERTEX_ACCEPTED', v, metadataText(v), timestamp);
    this.emit('LOAD_FINISHED', '{}', timestamp);
  }

  emitStep(step: Step): void {
    if (this.muted) return;
    const v = step.vertex;
    const ts = v.timestamp + EVENT_DELAY;
    if (step.reorg) {
      this.group = this.nextGroup++;
      const r = step.reorg;
      this.emit('REORG_STARTED', reorgStartedData(r.size, r.previous, r.next, r.common), ts);
    }
    const voidedNow: Vertex[] = [];
    const unvoidedNow: Vertex[] = [];
    const rest: Vertex[] = [];
    for (const [x, wasVoided] of step.touched) {
      if (x.removed) continue;
      const voided = isVoided(x);
      if (voided && !wasVoided) voidedNow.push(x);
      else if (!voided && wasVoided) unvoidedNow.push(x);
      else rest.push(x);
    }
    const newestFirst = (a: Vertex, b: Vertex) => b.seq - a.seq;
    voidedNow.sort(newestFirst);
    unvoidedNow.sort(newestFirst);
    const order = isVoided(v) ? [v, ...voidedNow, ...unvoidedNow, ...rest] : [...voidedNow, v, ...unvoidedNow, ...rest];
    // consensus touches a vertex only to change it, so every touched vertex gets its event
    const ownMetadata = metadataText(v);
    for (const x of order) this.emitVertex('VERTEX_METADATA_CHANGED', x, x === v ? ownMetadata : metadataText(x), ts);
    for (const e of step.emissions) this.emit(e.type, e.data, ts);
    for (const r of step.removals) this.emitRemoved(r, ts);
    if (step.reorg) {
      this.emit('REORG_FINISHED', '{}', ts);
      this.group = null;
    }
    this.emitVertex('NEW_VERTEX_ACCEPTED', v, ownMetadata, ts);
    if (v.tokenName !== null && v.tokenSymbol !== null) {
      const supply = v.outputs.reduce((sum, o) => (o.token === v.hash && (o.tokenData & 0x80) === 0 ? sum + o.value : sum), 0n);
      this.emit('TOKEN_CREATED', tokenCreatedData(v.hash, null, v.tokenName, v.tokenSymbol, v.tokenVersion, supply), ts);
      v.tokenAnnounced = true;
    }
  }
}
