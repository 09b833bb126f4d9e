import { createInterface } from 'node:readline/promises';
import { ConfirmationRequiredError } from './confirmation-required-error.js';

/**
 * Asks `question` on the terminal; resolves when the answer is yes.
 * @throws ConfirmationRequiredError when declined, or when stdin is not a
 *   terminal (a script must say `--yes`).
 */
export async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new ConfirmationRequiredError(
      '[pc:cli] refusing to clear without confirmation: stdin is not a terminal; pass --yes to confirm in scripts',
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new ConfirmationRequiredError('[pc:cli] not confirmed: nothing was cleared');
    }
  } finally {
    prompt.close();
  }
}
