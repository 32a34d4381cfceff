import { type Dag, isVoided, type Output, type Vertex } from '../model';
import { addVoided, execute, removeInvalidMempool, removeVoided, setBlockVoided, unexecute } from './effects';
import { Step } from './step';

export interface BlockSpec {
  parent: string;
  txParents: string[];
  outputs: Output[];
  weight: number;
  timestamp: number;
  nonce: number | bigint;
  version?: number;
}

const byNewestFirst = (a: Vertex, b: Vertex): number => b.timestamp - a.timestamp || b.seq - a.seq;

/**
 * Transactions `block` is the first to confirm within its own chain: everything reachable through tx
 * parents that no ancestor of the block confirmed (voided ones are walked through but not confirmed).
 */
function computeConfirms(dag: Dag, block: Vertex, parent: Vertex): Vertex[] {
  const fork = dag.forkPoint(parent);
  const sideConfirmed = new Set<string>();
  for (let b = parent; b.hash !== fork.hash; b = dag.get(b.parents[0])) b.confirms.forEach((h) => sideConfirmed.add(h));
  const result: Vertex[] = [];
  const seen = new Set<string>();
  const stack = block.parents.slice(1);
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (seen.has(hash)) continue;
    seen.add(hash);
    const tx = dag.get(hash);
    if (tx.removed || sideConfirmed.has(hash)) continue;
    if (tx.firstBlock !== null && dag.get(tx.firstBlock).height <= fork.height) continue;
    if (!isVoided(tx)) result.push(tx);
    stack.push(...tx.parents);
  }
  return result.sort(byNewestFirst);
}

/** A block confirming a voided twin gives it the block's weight: the twin wins and its rivals are voided. */
function flipTwin(dag: Dag, step: Step, twin: Vertex, block: Vertex): void {
  for (const c of twin.conflictWith) {
    const rival = dag.get(c);
    if (rival.removed || isVoided(rival)) continue;
    if (rival.firstBlock !== null) throw new Error(`generator: cannot flip ${twin.hash}: its rival ${c} is confirmed`);
    addVoided(dag, step, rival, rival.hash);
  }
  removeVoided(dag, step, twin, twin.hash);
  twin.accRaw += block.work;
}

function confirm(dag: Dag, step: Step, tx: Vertex, block: Vertex): void {
  step.touch(tx);
  tx.firstBlock = block.hash;
  dag.syncMempool(tx);
  execute(dag, step, tx, block);
}

/** Makes the chain ending at `tip` the best path: voids the old branch, revives the new one, moves first_block. */
function switchPath(dag: Dag, step: Step, tip: Vertex): void {
  const newBlocks: Vertex[] = [];
  let x = tip;
  while (!dag.onBestPath(x)) {
    newBlocks.push(x);
    x = dag.get(x.parents[0]);
  }
  newBlocks.reverse();
  const oldBlocks = dag.path.slice(x.height + 1).map((h) => dag.get(h));
  dag.path.length = x.height + 1;
  for (const old of [...oldBlocks].reverse()) setBlockVoided(step, old, true);
  for (const nb of newBlocks) {
    if (nb !== step.vertex) setBlockVoided(step, nb, false);
    dag.path.push(nb.hash);
  }
  for (const old of oldBlocks) {
    for (const h of old.confirms) {
      const tx = dag.get(h);
      if (tx.removed || tx.firstBlock !== old.hash) continue;
      step.touch(tx);
      tx.firstBlock = null;
      unexecute(dag, step, tx);
      dag.syncMempool(tx);
    }
  }
  for (const nb of newBlocks) {
    for (const h of nb.confirms) {
      const tx = dag.get(h);
      if (!tx.removed && tx.firstBlock === null && !isVoided(tx)) confirm(dag, step, tx, nb);
    }
  }
}

/**
 * Accepts a new block. Extending the best tip with more score confirms its transactions; less score leaves
 * it voided on a side chain; equal score voids every tied tip (the best path stops at their common
 * ancestor); more score on another branch is a reorg, inside a REORG_STARTED/REORG_FINISHED group.
 */
export function acceptBlock(dag: Dag, spec: BlockSpec): Step {
  const parent = dag.get(spec.parent);
  if (!parent.isBlock) throw new Error(`generator: block parent ${spec.parent} is not a block`);
  if (spec.txParents.length !== 2) throw new Error(`generator: a block needs 2 tx parents, got ${spec.txParents.length}`);
  for (const p of [spec.parent, ...spec.txParents]) {
    if (dag.get(p).timestamp >= spec.timestamp) throw new Error(`generator: block parent ${p} is not older than the block`);
  }
  const b = dag.newVertex({
    hash: dag.nextHash(),
    isBlock: true,
    version: spec.version ?? 0,
    nonce: spec.nonce,
    timestamp: spec.timestamp,
    weight: spec.weight,
    inputs: [],
    outputs: spec.outputs,
    parents: [spec.parent, ...spec.txParents],
  });
  b.height = parent.height + 1;
  const step = new Step(b);
  dag.add(b);
  for (const p of b.parents) dag.get(p).children.push(b.hash);

  const best = dag.get(dag.bestTips[0]);
  const extendsBest = dag.bestTips.length === 1 && best.hash === parent.hash;
  if (extendsBest) {
    for (const p of spec.txParents) {
      const tx = dag.get(p);
      if (tx.voidedBy.length === 1 && tx.voidedBy[0] === tx.hash && tx.conflictWith.length > 0) flipTwin(dag, step, tx, b);
    }
  }
  const confirms = computeConfirms(dag, b, parent);
  b.confirms = confirms.map((t) => t.hash);
  b.scoreRaw = parent.scoreRaw + b.work + confirms.reduce((sum, t) => sum + t.work, 0n);

  if (extendsBest) {
    dag.path.push(b.hash);
    dag.bestTips = [b.hash];
    for (const tx of confirms) confirm(dag, step, tx, b);
  } else if (b.scoreRaw < best.scoreRaw) {
    b.voidedBy = [b.hash];
  } else if (b.scoreRaw === best.scoreRaw) {
    b.voidedBy = [b.hash];
    dag.bestTips.push(b.hash);
    const tips = dag.bestTips.map((h) => dag.get(h));
    switchPath(dag, step, tips.reduce((acc, t) => dag.commonAncestor(acc, t)));
    removeInvalidMempool(dag, step);
  } else {
    const previous = best;
    const common = dag.commonAncestor(previous, b);
    step.reorg = { size: previous.height - common.height, previous: previous.hash, next: b.hash, common: common.hash };
    dag.bestTips = [b.hash];
    switchPath(dag, step, b);
    removeInvalidMempool(dag, step);
  }
  return step;
}
