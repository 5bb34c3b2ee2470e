/** One workload's figures. Latencies in ms, throughput per second. */
export interface Figures {
  throughput: number;
  p50: number;
  p99: number;
  /** Peak RSS of the API process during the run, MiB (null for the floor: no API). */
  peakRssMiB: number | null;
  /** Requests (or transactions) that did not succeed, e.g. 412s on the hot row. */
  failed: number;
}

/** p-th percentile (0..100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
