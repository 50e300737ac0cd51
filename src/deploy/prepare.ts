import type { ImageReference } from '../image/reference.js';
import type { CommandRunner } from '../runtime/command-runner.js';
import { ActionFailure } from '../runtime/errors.js';
import { prepareManifestSet, type ManifestSet } from './manifest-set.js';
import { loadManifests } from './manifests.js';
import { checkObject, formatFinding, type PolicyFinding } from './policy.js';

export type PolicyMode = 'enforce' | 'warn' | 'off';

/** Refused by policy: every finding listed; nothing was written. */
export class PolicyRefused extends ActionFailure {
  constructor(readonly findings: PolicyFinding[]) {
    super(
      `Policy (enforce) refused the manifests, nothing was deployed. ${findings.length} finding${findings.length === 1 ? '' : 's'}:\n` +
        findings.map((f) => `  - ${formatFinding(f)}`).join('\n') +
        '\nFix the manifests (or set policy: warn to deploy anyway and report them)',
    );
  }
}

/**
 * Everything that happens before the first cluster call of a deploy: manifests read (kustomize where
 * asked), checked (kinds, duplicates, namespace, image used), pinned to the digest and checked against
 * the pod security policy. With `enforce`, a finding throws PolicyRefused: zero writes.
 */
export async function prepareDeploy(options: {
  manifests: string[];
  namespace: string;
  image: ImageReference | undefined;
  policy: PolicyMode;
  runner: CommandRunner;
}): Promise<{ set: ManifestSet; findings: PolicyFinding[] }> {
  const loaded = await loadManifests(options.manifests, options.runner);
  const set = prepareManifestSet(loaded, options.namespace, options.image);
  const findings =
    options.policy === 'off' ? [] : set.objects.flatMap(({ object, file }) => checkObject(object, file));
  if (options.policy === 'enforce' && findings.length > 0) throw new PolicyRefused(findings);
  return { set, findings };
}
