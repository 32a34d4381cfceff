/**
 * Token bucket for optional per-connection pacing (events per second). The bucket holds at most ~20 ms of
 * events so a stream that was paused (window 0, waiting for ACKs) does not burst afterwards.
 */
export class Pacer {
  private tokens = 1;
  private last = Date.now();
  private readonly capacity: number;

  constructor(private readonly perSecond: number) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`events per second must be a positive number, got ${perSecond}`);
    this.capacity = Math.max(1, perSecond / 50);
  }

  /** 0 when an event may go now (and consumes it), otherwise milliseconds to wait. */
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
  }
}
