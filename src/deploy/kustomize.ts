import { ActionFailure } from '../runtime/errors.js';
import { lastLines, type CommandRunner } from '../runtime/command-runner.js';

/**
 * Renders a kustomization: `kustomize build DIR` when kustomize is on PATH, else `kubectl kustomize DIR`
 * (GitHub's runners have kubectl; kubectl carries kustomize). Neither on PATH is a clear error.
 */
export async function renderKustomization(directory: string, runner: CommandRunner): Promise<string> {
  const attempts: [string, string[]][] = [
    ['kustomize', ['build', directory]],
    ['kubectl', ['kustomize', directory]],
  ];
  for (const [tool, args] of attempts) {
    const result = await runner.run(tool, args, { timeoutMs: 120_000 });
    if (result.exitCode === 127) continue; // not on PATH: try the next renderer
    if (result.exitCode !== 0)
      throw new ActionFailure(
        `Manifest ${directory}: ${tool} ${args.join(' ')} failed (exit ${result.exitCode}): ${lastLines(result.stderr || result.stdout, 10)}`,
      );
    return result.stdout;
  }
  throw new ActionFailure(
    `Manifest ${directory}: holds a kustomization, but neither kustomize nor kubectl is on PATH to render it. Install one (e.g. azure/setup-kubectl) before this step, or list plain manifest files`,
  );
}
