import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImageReference } from '../image/reference.js';
import { RegistryClient } from '../image/registry/client.js';
import { MANIFEST_ACCEPT } from '../image/registry/media-types.js';
import { NO_RETRY } from '../runtime/retry.js';
import { ActionFailure } from '../runtime/errors.js';

/** How a DB repository answered a probe: an HTTP status, or why it could not be reached. */
export type ProbeAnswer = number | Error;

/** True when the cached DB is still fresh, so Trivy will not contact any repository. */
export function cachedDbIsFresh(cacheDir: string, now: Date): boolean {
  const file = join(cacheDir, 'db', 'metadata.json');
  if (!existsSync(file) || !existsSync(join(cacheDir, 'db', 'trivy.db'))) return false;
  try {
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as { NextUpdate?: string };
    return metadata.NextUpdate !== undefined && new Date(metadata.NextUpdate).getTime() > now.getTime();
  } catch {
    return false;
  }
}

/**
 * The DB repositories in the order to use them: when the DB must be downloaded, each is probed (a HEAD of
 * its manifest) and those answering 429 or 5xx, or unreachable, are moved behind the others with a
 * warning. Probing ourselves does not depend on how a Trivy version words its errors. All failing is an
 * ActionFailure listing each answer.
 */
export async function orderDbRepositories(
  repositories: string[],
  needsDownload: boolean,
  probe: (repository: string) => Promise<ProbeAnswer>,
  warn: (line: string) => void,
): Promise<string[]> {
  if (!needsDownload) return repositories;
  const answers: string[] = [];
  for (const [index, repository] of repositories.entries()) {
    const answer = await probe(repository);
    if (typeof answer === 'number' && answer >= 200 && answer < 300)
      return [repository, ...repositories.filter((_, i) => i !== index)];
    const what = typeof answer === 'number' ? `HTTP ${answer}` : answer.message;
    answers.push(`${repository}: ${what}`);
    const next = repositories[index + 1];
    warn(
      `the Trivy DB repository ${repository} is throttled or failing (${what})${next ? `; trying ${next}` : ''}`,
    );
  }
  throw new ActionFailure(
    `No Trivy DB repository could be used (${answers.join('; ')}). Nothing was pushed. Retry later, or add a reachable mirror to db-repository.`,
  );
}

/** Probes a DB repository (`host/path[:tag]`) with an anonymous HEAD of its manifest. */
export async function probeDbRepository(repository: string): Promise<ProbeAnswer> {
  try {
    const reference = parseImageReference(repository);
    // One try each: a failing mirror is itself the answer, and the next mirror is tried instead.
    const client = new RegistryClient({ registry: reference.registry, timeoutMs: 15_000, retry: NO_RETRY });
    const answer = await client.request(reference.repository, {
      method: 'HEAD',
      // Without a tag Trivy asks for its DB schema version, 2.
      path: `/manifests/${reference.tag ?? '2'}`,
      headers: { accept: MANIFEST_ACCEPT },
    });
    return answer.status;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
