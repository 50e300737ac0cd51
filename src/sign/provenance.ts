import { gitHubRestClient } from '../runtime/github-api.js';
import { NetworkError } from '../runtime/http.js';
import { CallFailure, withRetry } from '../runtime/retry.js';
import type { Deadline } from '../runtime/retry.js';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/** A provenance attestation the GitHub API refused; the message never contains the token. */
/** GitHub did not store the attestation; the message says what to fix. */
export class AttestationError extends CallFailure {
  constructor(message: string, retryable = false, status?: number) {
    super(message, retryable, undefined, status);
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
  const octokit = await gitHubRestClient(options.token, options.apiUrl);
  const [owner, repo] = options.repository.split('/');
  const { value: id } = await withRetry(
    'storing the provenance attestation with GitHub',
    async () => {
      try {
        const answer = await octokit.request('POST /repos/{owner}/{repo}/attestations', {
          owner,
          repo,
          bundle: options.bundle as Record<string, unknown>,
          request: {
            signal: AbortSignal.timeout(Math.max(1, Math.min(30_000, options.deadline.remaining()))),
          },
        });
        return (answer.data as { id?: unknown }).id;
      } catch (error) {
        throw attestationFailure(error);
      }
    },
    {
      deadline: options.deadline,
      onRetry: (error, delay) => options.onRetry?.(`${(error as Error).message}; retrying in ${delay} ms`),
    },
  );
  return String(id ?? '');
}

/**
 * Creating an attestation is not idempotent, so only what GitHub never processed is retried: a
 * connection that never opened, or a 429. Everything else is final and says what to fix.
 */
function attestationFailure(error: unknown): AttestationError {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof NetworkError)
    return new AttestationError(
      `could not reach GitHub to store the attestation (${cause.message})`,
      cause.connectFailed,
    );
  const status = (error as { status?: unknown }).status;
  if (status === 429)
    return new AttestationError('GitHub is rate limiting the attestations API (429)', true, 429);
  return new AttestationError(
    `GitHub refused the provenance attestation (${String(status ?? 'no answer')}): the job needs 'permissions: attestations: write' (and id-token: write), and github-token must be the job's token`,
    false,
    typeof status === 'number' ? status : undefined,
  );
}
