import { fileURLToPath } from 'node:url';
import { runDemo } from './demo/run-demo.js';

// `pnpm demo` (root) or `node dist/demo.js`: PC_DEMO_OPERATIONS changes the
// workload size; PC_CACHE_URL switches the cached run's shared layer; the report
// and its chart are written to PC_DEMO_OUTPUT (default: examples/acl-service/demo-output).
// PC_DEMO_ACTIVE_USERS / PC_DEMO_ACTIVE_ACCOUNTS change the population a run
// picks from (50000 / 20000: everyone, a cold start).
const positive = (name: string): number | undefined => {
  const value = Number(process.env[name] ?? '');
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
};
const operations = positive('PC_DEMO_OPERATIONS');
const activeUsers = positive('PC_DEMO_ACTIVE_USERS');
const activeAccounts = positive('PC_DEMO_ACTIVE_ACCOUNTS');
const code = await runDemo({
  mainScript: fileURLToPath(new URL('./main.js', import.meta.url)),
  output: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
  ...(operations === undefined ? {} : { operations }),
  ...(activeUsers === undefined ? {} : { activeUsers }),
  ...(activeAccounts === undefined ? {} : { activeAccounts }),
  env: process.env.PC_CACHE_URL ? { PC_CACHE_URL: process.env.PC_CACHE_URL } : {},
  outputDirectory:
    process.env.PC_DEMO_OUTPUT || fileURLToPath(new URL('../demo-output', import.meta.url)),
});
process.exit(code);
