/** Latency summary of one measured case (milliseconds, requests per second). */
export interface Summary {
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
  /** Answers that were not 2xx (or errors, timeouts). */
  failed?: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles of `ms`, measured over `seconds` of wall time. */
export function summarize(ms: number[], seconds: number): Summary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1);
  return { requests: sorted.length, p50: round(at(50)), p99: round(at(99)), mean: round(mean), rps: round(sorted.length / seconds) };
}
