import type { Step } from './consensus/step';
import { type Dag, isVoided, type Vertex } from './model';
import { eventText, metadataText, reorgStartedData, removedData, tokenCreatedData, vertexData } from './serialize';

/** Receives each event's raw JSON text, in id order. */
export type EventSink = (eventText: string, id: number) => void;

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
    this.sink(eventText(id, timestamp, type, data, this.group), id);
    return id;
  }

  private emitVertex(type: 'NEW_VERTEX_ACCEPTED' | 'VERTEX_METADATA_CHANGED', v: Vertex, metadata: string, ts: number): void {
    v.lastEventId = this.emit(type, vertexData(this.dag, v, metadata), ts);
    v.emittedMeta = metadata;
  }

  /** The load phase: every present vertex as NEW_VERTEX_ACCEPTED with its current metadata, in topological order. */
  emitLoadPhase(timestamp: number): void {
    this.emit('LOAD_STARTED', '{}', timestamp);
    const vertices = [...this.dag.vertices.values()].filter((v) => !v.removed).sort((a, b) => a.seq - b.seq);
    for (const v of vertices) {
      v.loaded = true;
      this.emitVertex('NEW_VERTEX_ACCEPTED', v, metadataText(v), timestamp);
    }
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
    for (const [hash, wasVoided] of step.touched) {
      const x = this.dag.get(hash);
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
    for (const x of order) {
      const metadata = metadataText(x);
      if (x !== v && metadata === x.emittedMeta) continue;
      this.emitVertex('VERTEX_METADATA_CHANGED', x, metadata, ts);
    }
    for (const e of step.emissions) this.emit(e.type, e.data, ts);
    for (const r of step.removals) this.emit('VERTEX_REMOVED', removedData(this.dag, r), ts);
    if (step.reorg) {
      this.emit('REORG_FINISHED', '{}', ts);
      this.group = null;
    }
    this.emitVertex('NEW_VERTEX_ACCEPTED', v, metadataText(v), ts);
    if (v.tokenName !== null && v.tokenSymbol !== null) {
      const supply = v.outputs.reduce((sum, o) => (o.token === v.hash && (o.tokenData & 0x80) === 0 ? sum + o.value : sum), 0n);
      this.emit('TOKEN_CREATED', tokenCreatedData(v.hash, null, v.tokenName, v.tokenSymbol, v.tokenVersion, supply), ts);
      v.tokenAnnounced = true;
    }
  }
}
