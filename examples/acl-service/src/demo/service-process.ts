import { startNodeProcess } from '../processes/start-node-process.js';

/** An acl-service running in a child process. */
export interface ServiceProcess {
  readonly url: string;
  /** The line the service printed on start. */
  readonly banner: string;
  stop(): Promise<void>;
}

// Generous: a service that boots its own database waits for Postgres in WebAssembly.
const START_TIMEOUT_MILLISECONDS = 180_000;

/** Starts `node <mainScript>` with `env` added and waits for its "listening on" line. */
export async function startServiceProcess(
  mainScript: string,
  env: Readonly<Record<string, string>>,
): Promise<ServiceProcess> {
  const { match, stop } = await startNodeProcess({
    name: 'acl-service',
    script: mainScript,
    env: { PORT: '0', ...env },
    banner: /^(acl-service listening on (http:\/\/127\.0\.0\.1:\d+).*)$/m,
    startTimeoutMilliseconds: START_TIMEOUT_MILLISECONDS,
  });
  return { url: match[2]!, banner: match[1]!, stop };
}
