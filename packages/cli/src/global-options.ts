/** Options every `pc` command takes (see the README's "Connecting"). */
export interface GlobalOptions {
  /** `--url`, repeatable (several redis:// URLs are Redis Cluster seeds). */
  readonly url?: readonly string[] | undefined;
  /** `--config`: a module exporting a `CliConfig`. */
  readonly config?: string | undefined;
  /** `--adapter-namespace`: the `namespace` option the application gives its adapter. */
  readonly adapterNamespace: string;
  /** `--key-prefix`: the `keyPrefix` option of the Redis and Memcached adapters. */
  readonly keyPrefix: string;
  /** `--bus <url>` (a Redis URL), `--no-bus` (`false`), or neither (`undefined`). */
  readonly bus?: string | false | undefined;
  /** `--bus-channel`: the Redis bus channel. */
  readonly busChannel: string;
  /** `--timeout`: connect and command deadline, in milliseconds. */
  readonly timeout: number;
  /** `--json`: machine-readable stdout. */
  readonly json: boolean;
  /** `--no-progress` sets it to `false`. */
  readonly progress: boolean;
}
