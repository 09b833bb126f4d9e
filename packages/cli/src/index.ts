export type { CliConfig, CliConfigExport } from './cli-config.js';
export { defineCliConfig } from './cli-config.js';
export { ConfirmationRequiredError } from './confirmation-required-error.js';
export type { ExitCode } from './exit-codes.js';
export { EXIT_CODES } from './exit-codes.js';
