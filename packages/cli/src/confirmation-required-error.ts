import { PcError } from '@pc/core';

/** A destructive command was not confirmed (declined, or no terminal to ask and no `--yes`). */
export class ConfirmationRequiredError extends PcError {
  static override readonly code: string = 'PC_CONFIRMATION_REQUIRED';
}
