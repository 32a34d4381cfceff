const NONE = -1;

/**
 * The best chain by height: the non-voided block at each height. A block joins its height when an event shows
 * it not voided and leaves when one shows it voided or removed; the tip is the highest height held. Inside a
 * reorg a height can be empty for a moment (the old block voided before the new one arrives).
 */
export class BestChain {
  private readonly byHeight: number[] = [];

  place(vid: number, height: number, onChain: boolean): void {
    const chain = this.byHeight;
    if (onChain) {
      while (chain.length <= height) chain.push(NONE);
      chain[height] = vid;
      return;
    }
    if (chain[height] !== vid) return;
    chain[height] = NONE;
    while (chain.length > 0 && chain[chain.length - 1] === NONE) chain.pop();
  }

  /** The highest block on the chain. */
  tip(): number | undefined {
    return this.at(this.byHeight.length - 1);
  }

  at(height: number): number | undefined {
    const vid = this.byHeight[height];
    return vid === undefined || vid === NONE ? undefined : vid;
  }
}
