import { send } from '../image/registry/http.js';
import type { Deadline } from '../runtime/retry.js';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/** A provenance attestation the GitHub API refused; the message never contains the token. */
export class AttestationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttestationError';
  }
}

/**
 * The in-toto statement of a GitHub build-provenance attestation (SLSA v1, the build type that
 * actions/attest-build-provenance uses), derived from the OIDC token's claims as that action does: they
 * are what GitHub vouched for, unlike environment variables.
 */
export function provenanceStatement(
  name: string,
  digest: string,
  claims: Record<string, unknown>,
  serverUrl: string,
): Buffer {
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : '');
  const workflowRef = text('workflow_ref');
  const at = workflowRef.indexOf('@');
  const repository = text('repository');
  const [algorithm, hex] = digest.split(':');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { [algorithm]: hex } }],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          workflow: {
            ref: at >= 0 ? workflowRef.slice(at + 1) : text('ref'),
            repository: `${serverUrl}/${repository}`,
            path: at >= 0 ? workflowRef.slice(repository.length + 1, at) : '',
          },
        },
        internalParameters: {
          github: {
            event_name: text('event_name'),
            repository_id: text('repository_id'),
            repository_owner_id: text('repository_owner_id'),
            runner_environment: text('runner_environment'),
          },
        },
        resolvedDependencies: [
          { uri: `git+${serverUrl}/${repository}@${text('ref')}`, digest: { gitCommit: text('sha') } },
        ],
      },
      runDetails: {
        builder: { id: `${serverUrl}/${text('job_workflow_ref')}` },
        metadata: {
          invocationId: `${serverUrl}/${repository}/actions/runs/${text('run_id')}/attempts/${text('run_attempt')}`,
        },
      },
    },
  };
  return Buffer.from(JSON.stringify(statement));
}

/**
 * Stores an attestation bundle with GitHub (`POST /repos/{owner}/{repo}/attestations`), where
 * `gh attestation verify` finds it. Returns the attestation id.
 */
export async function uploadAttestation(options: {
  apiUrl: string;
  repository: string;
  token: string;
  bundle: unknown;
  deadline: Deadline;
  onRetry?: (message: string) => void;
}): Promise<string> {
  const response = await send(
    {
      method: 'POST',
      url: `${options.apiUrl.replace(/\/$/, '')}/repos/${options.repository}/attestations`,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
        'x-github-api-version': '2022-11-28',
      },
      body: Buffer.from(JSON.stringify({ bundle: options.bundle })),
    },
    { deadline: options.deadline, onRetry: options.onRetry },
  );
  if (response.status !== 201 && response.status !== 200)
    throw new AttestationError(
      `GitHub refused the provenance attestation (${response.status}): the job needs 'permissions: attestations: write' (and id-token: write), and github-token must be the job's token`,
    );
  const id = (JSON.parse(response.body.toString('utf8')) as { id?: unknown }).id;
  return String(id ?? '');
}
