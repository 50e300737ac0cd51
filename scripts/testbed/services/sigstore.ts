import { randomBytes } from 'node:crypto';
import type { TestbedService } from '../service.js';
import type { SigstoreStandIn } from '../stand-ins/sigstore.js';

/**
 * Sigstore (Fulcio, Rekor, TSA from `@sigstore/mock`, with its trusted root) and the GitHub Actions OIDC
 * token endpoint, for a test repository chosen at start. Keyless signing through these with the env it
 * publishes gives certificates for `SIGSTORE_TEST_IDENTITY`, issued by GitHub's OIDC issuer.
 */
export const sigstoreService: TestbedService = {
  name: 'sigstore',
  async start(context) {
    // Fresh per start, so no test can depend on a fixed identity or token.
    const repository = `prodline-testbed/app-${randomBytes(3).toString('hex')}`;
    const requestToken = randomBytes(24).toString('base64url');
    const ready = await context.standIn<SigstoreStandIn>(
      'sigstore',
      'scripts/testbed/stand-ins/sigstore.ts',
      ['--dir', context.dir, '--repository', repository],
      // Through the environment, not argv, which anyone on the machine can read with ps.
      { PRODLINE_OIDC_REQUEST_TOKEN: requestToken },
    );
    context.log(
      `Fulcio ${ready.fulcioUrl}, Rekor ${ready.rekorUrl}, TSA ${ready.tsaUrl}, identity ${ready.identity}`,
    );
    return {
      SIGSTORE_FULCIO_URL: ready.fulcioUrl,
      SIGSTORE_REKOR_URL: ready.rekorUrl,
      SIGSTORE_TSA_URL: ready.tsaUrl,
      SIGSTORE_TRUSTED_ROOT: ready.trustedRoot,
      ACTIONS_ID_TOKEN_REQUEST_URL: ready.tokenUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
      SIGSTORE_TEST_IDENTITY: ready.identity,
      SIGSTORE_TEST_REPOSITORY: ready.repository,
    };
  },
};
