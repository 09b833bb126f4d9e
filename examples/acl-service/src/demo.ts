import { fileURLToPath } from 'node:url';
import { runDemo } from './demo/run-demo.js';

// `pnpm demo` (root) or `node dist/demo.js`: PC_DEMO_OPERATIONS changes the
// workload size; PC_CACHE_URL switches the cached run's shared layer; the report
// and its chart are written to PC_DEMO_OUTPUT (default: examples/acl-service/demo-output).
const operations = Number(process.env.PC_DEMO_OPERATIONS ?? '');
const code = await runDemo({
  mainScript: fileURLToPath(new URL('./main.js', import.meta.url)),
  output: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
  ...(Number.isSafeInteger(operations) && operations > 0 ? { operations } : {}),
  env: process.env.PC_CACHE_URL ? { PC_CACHE_URL: process.env.PC_CACHE_URL } : {},
  outputDirectory:
    process.env.PC_DEMO_OUTPUT || fileURLToPath(new URL('../demo-output', import.meta.url)),
});
process.exit(code);
