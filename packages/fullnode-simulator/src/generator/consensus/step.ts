import type { Vertex } from '../model';

/** An event the node emits after the metadata changes of a step (nano executions). */
export interface StepEmission {
  type: 'NC_EVENT' | 'TOKEN_CREATED';
  data: string;
}

/**
 * Everything one new vertex changed, recorded while consensus runs so the emitter can send the node's
 * events in the node's order. `touch` must be called before a vertex is mutated: it remembers whether the
 * vertex was voided before the step, which decides where its VERTEX_METADATA_CHANGED goes.
 */
export class Step {
  /** touched vertex -> was it voided before this step (insertion order = touch order) */
  readonly touched = new Map<Vertex, boolean>();
  readonly emissions: StepEmission[] = [];
  /** removed vertices, dependents first */
  readonly removals: Vertex[] = [];
  reorg: { size: number; previous: string; next: string; common: string } | null = null;

  constructor(readonly vertex: Vertex) {}

  touch(v: Vertex): void {
    if (v !== this.vertex && !this.touched.has(v)) this.touched.set(v, v.voidedBy.length > 0);
  }
}
