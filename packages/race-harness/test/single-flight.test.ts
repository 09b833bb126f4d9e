import { expect, it } from 'vitest';
import { runSingleFlight } from '../src/index.js';

it('4 processes x 250 concurrent getOrLoad of one missing key call the loader once in all', async () => {
  const result = await runSingleFlight({
    processes: 4,
    callsPerProcess: 250,
    loaderMilliseconds: 50,
    ...(process.env.PC_RACE_WORKER === undefined ? {} : { workerPath: process.env.PC_RACE_WORKER }),
  });
  console.log(
    `single-flight: ${result.calls} calls in 4 processes, ${result.loaderCalls} loader calls, ${result.distinctValues} distinct values`,
  );
  // With fill leases, the processes that find the lease wait for its fill instead
  // of loading (today's per-process single-flight calls the loader once per process).
  expect(result.loaderCalls).toBe(1);
}, 60_000);
