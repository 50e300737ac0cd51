import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One tinyproxy access log (the testbed's `PROXY_LOG`, `PROXY_AUTH_LOG`, `PROXY_REFUSING_LOG`). Tests
 * take a `mark()` before a run and read only what was logged after it, so runs sharing a proxy do not
 * see each other's traffic as long as they do not overlap (Jest runs one file's tests in sequence).
 */
export class ProxyLog {
  constructor(readonly path: string) {}

  /** The current end of the log; pass it to `since` / `hostsSince`. */
  mark(): number {
    return existsSync(this.path) ? statSync(this.path).size : 0;
  }

  /** Everything logged after `mark`. */
  since(mark: number): string {
    return existsSync(this.path) ? readFileSync(this.path).subarray(mark).toString('utf8') : '';
  }

  /** The hosts the proxy connected to on a client's behalf after `mark` (lower-case, no port). */
  hostsSince(mark: number): Set<string> {
    return proxiedHosts(this.since(mark));
  }

  /**
   * Waits (with a deadline) until the proxy has connected to every one of `hosts` since `mark`;
   * resolves with all the hosts it did connect to, or rejects naming the missing ones. Polling, because
   * tinyproxy writes its log line after the upstream connection is made, not when the client finishes.
   */
  async waitForHosts(mark: number, hosts: string[], timeoutMs = 5_000): Promise<Set<string>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.hostsSince(mark);
      const missing = hosts.filter((host) => !seen.has(host.toLowerCase()));
      if (missing.length === 0) return seen;
      if (Date.now() > deadline)
        throw new Error(
          `the proxy (${this.path}) never connected to ${missing.join(', ')}; it connected to: ${
            [...seen].join(', ') || 'nothing'
          }`,
        );
      await sleep(50);
    }
  }
}

/**
 * The hosts of tinyproxy's `Established connection to host "X"` lines: written once the proxy has
 * opened the upstream connection, for CONNECT tunnels and forwarded plain-HTTP requests alike. A
 * request line alone is not proof (a request refused with 407 is logged too).
 */
export function proxiedHosts(logText: string): Set<string> {
  const hosts = new Set<string>();
  for (const match of logText.matchAll(/Established connection to host "([^"]+)"/g))
    hosts.add(match[1].toLowerCase());
  return hosts;
}

/**
 * The proxy variables as a self-hosted runner behind a corporate proxy sets them. Upper case only: the
 * names the issue and GitHub's runner documentation use.
 */
export function proxyEnv(proxyUrl: string, noProxy = ''): Record<string, string> {
  return { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, NO_PROXY: noProxy };
}

/** `host:port` of a proxy URL, as an error message should name it (never its credentials). */
export function proxyAddress(proxyUrl: string): string {
  return new URL(proxyUrl).host;
}

/**
 * Everything a bundle run made visible — stdout without the `::add-mask::` commands (the runner's way
 * of hiding a secret, which must carry it), stderr, the job summary and the outputs — for secret checks.
 */
export function visibleOutput(result: {
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}): string {
  const stdout = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [stdout, result.stderr, result.summary, JSON.stringify(result.outputs)].join('\n');
}

export interface CurlResult {
  /** curl's exit code (0, or e.g. 56 when a CONNECT was refused). */
  exitCode: number;
  /** The final HTTP status (0 when no answer came back from the target). */
  status: number;
  /** The proxy's answer to CONNECT (0 for plain HTTP or no proxy). */
  connectStatus: number;
  body: string;
}

/**
 * One request with curl, an HTTP client independent of everything in this repository, so a test of the
 * testbed's proxies and names cannot pass because of our own code.
 */
export function curl(
  url: string,
  options: { proxy?: string; ca?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<CurlResult> {
  const args = ['-sS', '--max-time', '10', '-o', '-', '-w', '\n%{http_code} %{http_connect}'];
  if (options.proxy) args.push('--proxy', options.proxy);
  if (options.ca) args.push('--cacert', options.ca);
  if (options.method) args.push('-X', options.method);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve) => {
    // No proxy variables from our own environment: only --proxy decides.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    execFile('curl', args, { env, encoding: 'utf8', timeout: 15_000 }, (error, stdout) => {
      const exitCode = error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0;
      const cut = stdout.lastIndexOf('\n');
      const [status, connectStatus] = stdout
        .slice(cut + 1)
        .split(' ')
        .map(Number);
      resolve({
        exitCode: Number.isFinite(exitCode) ? exitCode : 1,
        status: status || 0,
        connectStatus: connectStatus || 0,
        body: stdout.slice(0, Math.max(cut, 0)),
      });
    });
  });
}
