import { execFile } from 'node:child_process';
import { ensurePinnedKubectl } from '../../scripts/testbed/kubectl-pinned.js';

/**
 * The referee: the pinned kubectl (v1.35.2 from the lambda-layer package, installed into `.cache/`),
 * never whatever `kubectl` is on PATH (an unpinned dispatcher here, absent on some machines).
 * Undefined, with the reason on stderr, when it cannot be installed.
 */
export function findKubectl(): string | undefined {
  try {
    return ensurePinnedKubectl();
  } catch (error) {
    process.stderr.write(`pinned kubectl unavailable: ${(error as Error).message}\n`);
    return undefined;
  }
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl with its own cache directory and kubeconfig; never throws on a non-zero exit. */
export function runKubectl(
  kubectl: string,
  args: string[],
  options: { kubeconfig: string; cacheDir: string; timeoutMs?: number; input?: string },
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectl,
      ['--kubeconfig', options.kubeconfig, ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: options.cacheDir, KUBECACHEDIR: options.cacheDir },
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
