/** The method and caveats section of BENCHMARKS.md (kept in code so a regenerated file keeps it). */
export const BENCH_NOTES = `## Method and caveats

- **Harness**: tinybench 6 (pinned), one task per variant, warmup first. Each variant runs
  on emptied servers (FLUSHALL / flush_all before its setup) and closes its clients after.
- **Rounds**: every workload runs its variants in interleaved rounds (quick: 2, full: 3;
  the tag workload 1 and 2; the two Redis hit workloads, whose targets sit a few per cent
  from the baseline, 5 in full mode) and reports each variant's fastest round; \`latest.json\` keeps
  every round's ops/s. Without this the variant that runs first pays for warming the JIT on
  client code the others share (ioredis measured ~40% slower in its first round), and
  other work on the machine lands on whichever variant happens to be running.
- **Copies**: pc returns a fresh copy on every read (values never alias, cache-api.md), as
  do bentocache (serialized L1) and cache-manager (keyv serializes). Raw lru-cache and
  async-cache-dedupe's memory storage hand back the stored object itself; their rows say so.
- **Servers**: one \`redis-server\` and one \`memcached\` started by \`@pc/test-services\` on
  127.0.0.1 (persistence off, 256 MB for memcached), shared by every variant of the run;
  filesystem variants write under the OS temp dir. Everything is in this one Node process,
  but the cross-process workload: its variants fork 4 children (\`bench/dist/burst-child.js\`),
  each with its own client (pc: its own Cache and Redis adapter) on the same Redis, driven
  over IPC by the bench process, which times each burst from sending the key to the last
  child's reply (IPC included, the same for every variant).
- **Read-through hits**: the \`getOrLoad\` / \`getManyOrLoad\` hit rows run a Cache created with
  \`burst: false\`, so every call goes through the L2 read-through path (the slot read that
  recognizes leases, single-flight bookkeeping); a call that runs its loader fails the run.
- **Per-operation figures**: every iteration is timed with \`performance.now()\`. In-memory
  workloads run a batch of operations per iteration (the table says so) and report the
  batch mean per operation, so their p50/p99 are percentiles of batch means, not of single
  calls (a single ~50 ns call is below what the timer can resolve).
- **Peers with their defaults**: bentocache serializes L1 entries (its default), runs without
  a bus (one process), 1 h TTL; cache-manager uses keyv's default JSON serialization;
  async-cache-dedupe reads go through a \`define\`d function (its only read path).
- **Noise**: the machine has 2 cores and, while pc is being built, other work runs on it
  (see the load average above). Ratios within one run are more trustworthy than absolute
  numbers; rerun with \`--full\` on an idle machine before quoting figures.
- **ioredis 6 under bentocache**: bentocache 1.6.1 (and its \`@boringnode/bus\` 0.9) declare
  \`ioredis ^5\` as a peer; the bench gives them ioredis 6.0.0, the version pc uses, so every
  Redis variant runs the same client. pnpm warns about the peer range; bentocache's Redis
  driver only calls get/getdel/set/unlink/scan/pipeline, which behave the same in 6, and
  the bench checks every read it times (a miss where a hit is due fails the variant).
`;
