/** How long each variant is timed. */
export interface BenchMode {
  name: 'quick' | 'full' | 'smoke';
  /** Timed budget per variant, in milliseconds (tinybench `time`). */
  timeMilliseconds: number;
  /** Warmup budget per variant, in milliseconds (tinybench `warmupTime`). */
  warmupMilliseconds: number;
  /** Minimum timed iterations per variant (tinybench `iterations`). */
  minIterations: number;
  /** Minimum warmup iterations per variant (tinybench `warmupIterations`). */
  warmupIterations: number;
  /** Times every variant is set up and timed, interleaved with the others; the best round is reported. */
  rounds: number;
}

/** The modes `bench` knows: quick (default, under a minute), full (`--full`), smoke (tests). */
export const BENCH_MODES = {
  quick: {
    name: 'quick',
    timeMilliseconds: 200,
    warmupMilliseconds: 100,
    minIterations: 10,
    warmupIterations: 5,
    rounds: 2,
  },
  full: {
    name: 'full',
    timeMilliseconds: 2_000,
    warmupMilliseconds: 500,
    minIterations: 50,
    warmupIterations: 20,
    rounds: 3,
  },
  smoke: {
    name: 'smoke',
    timeMilliseconds: 0,
    warmupMilliseconds: 0,
    minIterations: 1,
    warmupIterations: 0,
    rounds: 1,
  },
} as const satisfies Record<string, BenchMode>;
