import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { clearCommand } from './commands/clear-command.js';
import { deleteCommand } from './commands/delete-command.js';
import { getCommand } from './commands/get-command.js';
import { invalidateCommand } from './commands/invalidate-command.js';
import { keysCommand } from './commands/keys-command.js';
import { pruneCommand } from './commands/prune-command.js';
import { statsCommand } from './commands/stats-command.js';
import { urlSecrets } from './connection-target.js';
import { exitCodeOf } from './exit-code-of.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { Output } from './output.js';
import { openSession, type Session, type SessionNeeds } from './session.js';

const EXIT_CODES_HELP = `
Exit codes:
  0   ok
  1   usage: bad arguments, URL, config, key or option
  2   not found: get found no readable value; delete found none of the keys
  3   backend unavailable or timed out (or an invalidation failed)
  4   unsupported by the adapter (keys on memcached, prune on redis, ...)
  5   not confirmed (clear without --yes and no terminal, or declined)
  70  internal error

URLs:
  redis://[user:password@]host:port[/db]      rediss:// for TLS
  redis-cluster://[user:password@]host:port[,host:port...]   (or --url repeated)
  memcached://host:port[,host:port...]
  file:///absolute/directory                   (the fs adapter)`;

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError('expected a positive number');
  return number;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Runs one command: opens the session, maps failures to exit codes, always disposes. */
async function execute(
  command: Command,
  needs: SessionNeeds,
  body: (session: Session, output: Output, globals: GlobalOptions) => Promise<ExitCode>,
): Promise<void> {
  const globals = command.optsWithGlobals() as GlobalOptions;
  const output = new Output(globals.json === true);
  output.secrets = urlSecrets(globals.url ?? []);
  let session: Session | undefined;
  try {
    session = await openSession(globals, needs);
    output.secrets = [...urlSecrets(globals.url ?? []), ...session.secrets];
    process.exitCode = await body(session, output, globals);
  } catch (error) {
    const code = exitCodeOf(error);
    output.failure(error, code);
    process.exitCode = code;
  } finally {
    await session?.dispose().catch((error: unknown) => {
      output.note(`pc: closing failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** The `pc` program (commander), ready for `parseAsync`. */
export function createProgram(version: string): Command {
  const program = new Command('pc')
    .description('Look inside a pc cache and act on it.')
    .version(version)
    .addOption(
      new Option('-u, --url <url>', 'backend URL (repeat for Redis Cluster seeds)')
        .env('PC_URL')
        .argParser(collect),
    )
    .addOption(
      new Option(
        '-c, --config <file>',
        'module exporting { adapter | url, cache, namespaces }',
      ).env('PC_CONFIG'),
    )
    .addOption(
      new Option('--adapter-namespace <name>', 'the "namespace" option your app gives its adapter')
        .env('PC_ADAPTER_NAMESPACE')
        .default('default'),
    )
    .option('--key-prefix <prefix>', 'the "keyPrefix" of the Redis and Memcached adapters', 'pc')
    .option('--bus <url>', 'Redis URL of the invalidation bus (default: the Redis backend itself)')
    .option('--no-bus', 'do not publish invalidations on a bus')
    .option('--bus-channel <channel>', 'channel of the Redis bus', 'pc:invalidation')
    .option('--timeout <milliseconds>', 'connect and command deadline', positiveInteger, 2000)
    .option('--json', 'machine-readable output on stdout', false)
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(pc --help for usage)')
    .exitOverride();

  program
    .command('get')
    .description('show the decoded value of a key and its envelope (TTL, tags, lease, size)')
    .argument('<key>', 'the key, as your application passes it to the cache')
    .option('-n, --namespace <path>', 'namespace path, e.g. users or users/admins')
    .action(async (key: string, options: { namespace?: string }, command: Command) => {
      await execute(command, { bus: false }, (session, output) =>
        getCommand(session, output, key, options.namespace),
      );
    });

  program
    .command('delete')
    .description('delete keys (other processes drop them from L1 through the bus)')
    .argument('<keys...>', 'one or more keys')
    .option('-n, --namespace <path>', 'namespace path')
    .action(async (keys: string[], options: { namespace?: string }, command: Command) => {
      await execute(command, { bus: true }, (session, output) =>
        deleteCommand(session, output, keys, options.namespace),
      );
    });

  program
    .command('invalidate')
    .description('invalidate tags and keys through the cache, as your application does')
    .option('-t, --tag <tag>', 'a tag to invalidate (repeatable)', collect)
    .option('-k, --key <key>', 'a key to invalidate (repeatable)', collect)
    .option('-n, --namespace <path>', 'namespace path of the keys')
    .action(
      async (options: { tag?: string[]; key?: string[]; namespace?: string }, command: Command) => {
        await execute(command, { bus: true }, (session, output) =>
          invalidateCommand(
            session,
            output,
            options.key ?? [],
            options.tag ?? [],
            options.namespace,
          ),
        );
      },
    );

  program
    .command('clear')
    .description('clear a namespace, or the adapter namespace (never a server-wide flush)')
    .option('-n, --namespace <path>', 'namespace path; without it, the whole adapter namespace')
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (options: { namespace?: string; yes: boolean }, command: Command) => {
      await execute(command, { bus: true }, (session, output) =>
        clearCommand(session, output, options.namespace, options.yes),
      );
    });

  program
    .command('prune')
    .description('remove expired entries and leftovers (fs adapter)')
    .action(async (_options: unknown, command: Command) => {
      await execute(command, { bus: false }, (session, output, globals) =>
        pruneCommand(session, output, globals.progress),
      );
    });

  program
    .command('keys')
    .description('list stored keys (Redis, fs; not Memcached)')
    .option('-n, --namespace <path>', 'only this namespace')
    .option('-m, --match <glob>', 'glob on the key (* matches any characters)')
    .option('--limit <count>', 'stop after this many keys', positiveInteger)
    .action(
      async (options: { namespace?: string; match?: string; limit?: number }, command: Command) => {
        await execute(command, { bus: false }, (session, output, globals) =>
          keysCommand(session, output, { ...options, progress: globals.progress }),
        );
      },
    );

  program
    .command('stats')
    .description("the backend's own numbers: entries, memory, evictions, hit ratio")
    .option('-w, --watch', 'sample again every --interval seconds until Ctrl-C', false)
    .option('--interval <seconds>', 'seconds between samples with --watch', positiveNumber, 2)
    .option('--count <samples>', 'stop --watch after this many samples', positiveInteger)
    .option('--entries', "also count this adapter namespace's entries (a scan)", false)
    .action(
      async (
        options: { watch: boolean; interval: number; count?: number; entries: boolean },
        command: Command,
      ) => {
        await execute(command, { bus: false }, (session, output, globals) =>
          statsCommand(session, output, {
            entries: options.entries,
            watch: options.watch,
            intervalSeconds: options.interval,
            count: options.count,
            timeout: globals.timeout,
            progress: globals.progress,
          }),
        );
      },
    );

  return program;
}

/**
 * Parses `argv` and runs the command.
 * @returns the exit code (see `EXIT_CODES`).
 */
export async function runCli(argv: readonly string[], version: string): Promise<number> {
  const program = createProgram(version);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_CODES.OK;
      if (argv.includes('--json')) {
        const data = {
          ok: false,
          exitCode: EXIT_CODES.USAGE,
          error: { code: 'PC_CLI_USAGE', name: 'UsageError', message: error.message },
        };
        process.stdout.write(`${JSON.stringify(data)}\n`);
      }
      return EXIT_CODES.USAGE;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.OK;
}
