/** Buckets per doubling: 4 gives percentiles within ~19% of the true value. */
const BUCKETS_PER_DOUBLING = 4;
/** 2^(96/4) µs ≈ 16.8 s: slower samples land in the last bucket. */
const BUCKET_COUNT = 97;

/** Percentiles of a latency histogram, in milliseconds. */
export interface LatencySummary {
  /** Samples recorded. */
  readonly count: number;
  /** Median, in milliseconds (upper bound of its bucket). */
  readonly p50: number;
  /** 90th percentile, in milliseconds. */
  readonly p90: number;
  /** 99th percentile, in milliseconds. */
  readonly p99: number;
  /** Slowest sample, in milliseconds (exact). */
  readonly max: number;
}

/**
 * Fixed-size log-scale histogram (HDR-like): constant memory, O(1) record, no
 * allocation, so it can stay on in production. Percentiles are bucket upper bounds.
 */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKET_COUNT);
  #count = 0;
  #max = 0;

  /** Records one sample, in milliseconds. */
  record(milliseconds: number): void {
    const microseconds = milliseconds * 1000;
    let bucket = 0;
    if (microseconds > 1) {
      bucket = Math.ceil(Math.log2(microseconds) * BUCKETS_PER_DOUBLING);
      if (bucket >= BUCKET_COUNT) bucket = BUCKET_COUNT - 1;
    }
    this.#counts[bucket]! += 1;
    this.#count += 1;
    if (milliseconds > this.#max) this.#max = milliseconds;
  }

  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: this.#percentile(0.5),
      p90: this.#percentile(0.9),
      p99: this.#percentile(0.99),
      max: this.#max,
    };
  }

  #percentile(fraction: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil(this.#count * fraction);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.#counts[bucket]!;
      if (seen >= rank) {
        const upper = 2 ** (bucket / BUCKETS_PER_DOUBLING) / 1000;
        return Math.min(upper, this.#max);
      }
    }
    return this.#max;
  }
}
