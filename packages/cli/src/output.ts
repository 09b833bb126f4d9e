import { inspect } from 'node:util';
import { PcError } from '@pc/core';

/**
 * Where a command's results and errors go: text for people, or (with `--json`)
 * exactly one JSON document on stdout (one per line with `stats --watch`). Every
 * printed string is scrubbed of the session's credentials.
 */
export class Output {
  readonly json: boolean;
  #secrets: readonly string[] = [];

  constructor(json: boolean) {
    this.json = json;
  }

  /** Credentials never to print (URL passwords). */
  set secrets(secrets: readonly string[]) {
    this.#secrets = secrets.filter((secret) => secret.length > 0);
  }

  /** Prints a result: `text` for people, `data` as one line of JSON with `--json`. */
  result(text: () => string, data: unknown): void {
    const line = this.json ? JSON.stringify(data) : text();
    if (line === '') return;
    process.stdout.write(`${this.scrub(line)}\n`);
  }

  /** A note for people, on stderr (never on stdout, so `--json` stays parseable). */
  note(text: string): void {
    process.stderr.write(`${this.scrub(text)}\n`);
  }

  /** Reports a failure: the typed error's code and message (with its hint) on stderr, and as JSON on stdout with `--json`. */
  failure(error: unknown, exitCode: number): void {
    const code = PcError.isInstance(error) ? (error as PcError).code : 'PC_CLI_INTERNAL';
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : inspect(error);
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    let text = `pc: ${message} (${code})`;
    if (cause !== undefined && !message.includes(cause)) text += `\n  cause: ${cause}`;
    if (exitCode === 70 && error instanceof Error && error.stack) text += `\n${error.stack}`;
    process.stderr.write(`${this.scrub(text)}\n`);
    if (this.json) {
      const data = { ok: false, exitCode, error: { code, name, message, cause } };
      process.stdout.write(`${this.scrub(JSON.stringify(data))}\n`);
    }
  }

  scrub(text: string): string {
    let scrubbed = text;
    for (const secret of this.#secrets) scrubbed = scrubbed.split(secret).join('****');
    return scrubbed;
  }
}
