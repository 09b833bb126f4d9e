#!/usr/bin/env node
import { createRequire } from 'node:module';
import { EXIT_CODES } from './exit-codes.js';
import { runCli } from './program.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

runCli(process.argv, version).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `pc: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(EXIT_CODES.INTERNAL);
  },
);
