import { readFileSync } from 'node:fs';
import { getIDToken } from '@actions/core';
import { bundleFromJSON, bundleToJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  CIContextProvider,
  DSSEBundleBuilder,
  FulcioSigner,
  MessageSignatureBundleBuilder,
  RekorWitness,
  TSAWitness,
  type IdentityProvider,
} from '@sigstore/sign';
import { toSignedEntity, toTrustMaterial, Verifier, type Signer } from '@sigstore/verify';
import { describeWithServices } from '../support/services.js';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
type BundleType = 'messageSignature' | 'dsseEnvelope';

describeWithServices(
  [
    'SIGSTORE_FULCIO_URL',
    'SIGSTORE_REKOR_URL',
    'SIGSTORE_TSA_URL',
    'SIGSTORE_TRUSTED_ROOT',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'SIGSTORE_TEST_IDENTITY',
    'SIGSTORE_TEST_REPOSITORY',
  ],
  'testbed Sigstore stand-in and Actions OIDC endpoint',
  (env) => {
    const artifact = Buffer.from('{"image":"registry.test/app@sha256:0123"}');
    const repository = env.SIGSTORE_TEST_REPOSITORY;
    // @sigstore/sign's own GitHub Actions provider: the same request as getIDToken, without its log lines.
    const actionsToken: IdentityProvider = new CIContextProvider('sigstore');

    const sign = async (type: BundleType, identityProvider = actionsToken): Promise<Bundle> => {
      const options = {
        signer: new FulcioSigner({ fulcioBaseURL: env.SIGSTORE_FULCIO_URL, identityProvider }),
        witnesses: [
          new RekorWitness({ rekorBaseURL: env.SIGSTORE_REKOR_URL }),
          new TSAWitness({ tsaBaseURL: env.SIGSTORE_TSA_URL }),
        ],
      };
      const bundle =
        type === 'dsseEnvelope'
          ? await new DSSEBundleBuilder(options).create({
              data: artifact,
              type: 'application/vnd.in-toto+json',
            })
          : await new MessageSignatureBundleBuilder(options).create({ data: artifact });
      // Through JSON, as a stored bundle is read back.
      return bundleFromJSON(JSON.parse(JSON.stringify(bundleToJSON(bundle))));
    };

    const trustedRoot = (): TrustedRoot =>
      TrustedRoot.fromJSON(JSON.parse(readFileSync(env.SIGSTORE_TRUSTED_ROOT, 'utf8')));
    const verify = (bundle: Bundle, identity: string, root = trustedRoot(), data = artifact): Signer =>
      // Both timestamps (Rekor's and the TSA's) are required, so each one is checked on every run.
      new Verifier(toTrustMaterial(root), {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 2,
      }).verify(toSignedEntity(bundle, bundle.content.$case === 'messageSignature' ? data : undefined), {
        subjectAlternativeName: identity,
        extensions: { issuer: GITHUB_ISSUER },
      });

    test('the token endpoint answers getIDToken with a GitHub-style token for the test repository', async () => {
      const token = await getIDToken('sigstore');
      const [header, payload, signature] = token.split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
        alg: 'ES256',
        typ: 'JWT',
      });
      expect(signature.length).toBeGreaterThan(0);
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const workflowRef = `${repository}/.github/workflows/release.yml@refs/heads/main`;
      expect(claims).toMatchObject({
        iss: GITHUB_ISSUER,
        aud: 'sigstore',
        sub: `repo:${repository}:ref:refs/heads/main`,
        repository,
        repository_owner: repository.split('/')[0],
        job_workflow_ref: workflowRef,
        workflow_ref: workflowRef,
        ref: 'refs/heads/main',
        event_name: 'push',
        runner_environment: 'github-hosted',
        run_attempt: '1',
      });
      expect(claims.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(claims.run_id).toMatch(/^\d+$/);
      const now = Date.now() / 1000;
      expect(claims.iat).toBeLessThanOrEqual(now + 1);
      expect(claims.nbf).toBeLessThanOrEqual(now);
      expect(claims.exp).toBeGreaterThan(now);
      expect(env.SIGSTORE_TEST_IDENTITY).toBe(`https://github.com/${workflowRef}`);
    });

    test('the token endpoint answers 401 to a wrong or missing request token', async () => {
      const url = `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore`;
      for (const headers of [{ Authorization: 'Bearer wrong' }, {}] as Record<string, string>[]) {
        const response = await fetch(url, { headers });
        expect(response.status).toBe(401);
      }
      const right = await fetch(url, {
        headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
      });
      expect(right.status).toBe(200);
      expect(await right.json()).toEqual({
        value: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      });
    });

    test('Fulcio refuses a token whose claims were changed after signing, or meant for another audience', async () => {
      const forged: IdentityProvider = {
        async getToken() {
          const [header, payload, signature] = (await actionsToken.getToken()).split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
          const changed = {
            ...claims,
            job_workflow_ref: 'attacker/repo/.github/workflows/x.yml@refs/heads/main',
          };
          return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
        },
      };
      await expect(sign('messageSignature', forged)).rejects.toThrow(
        /\(401\) the identity token is not signed by the testbed OIDC issuer/,
      );
      const otherAudience = new CIContextProvider('https://github.com/prodline-testbed');
      await expect(sign('messageSignature', otherAudience)).rejects.toThrow(
        /\(401\) the token's audience is not sigstore/,
      );
    });

    test.each<BundleType>(['messageSignature', 'dsseEnvelope'])(
      'a %s bundle signed keyless verifies with the GitHub Actions identity',
      async (type) => {
        const bundle = await sign(type);
        expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
        expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
        const signer = verify(bundle, env.SIGSTORE_TEST_IDENTITY);
        expect(signer.identity?.subjectAlternativeName).toBe(env.SIGSTORE_TEST_IDENTITY);
        expect(signer.identity?.extensions?.issuer).toBe(GITHUB_ISSUER);
        const extensions = fulcioExtensions(signer);
        expect(extensions).toMatchObject({
          '1.3.6.1.4.1.57264.1.1': GITHUB_ISSUER,
          '1.3.6.1.4.1.57264.1.8': GITHUB_ISSUER,
          '1.3.6.1.4.1.57264.1.9': env.SIGSTORE_TEST_IDENTITY,
          '1.3.6.1.4.1.57264.1.11': 'github-hosted',
          '1.3.6.1.4.1.57264.1.12': `https://github.com/${repository}`,
          '1.3.6.1.4.1.57264.1.14': 'refs/heads/main',
          '1.3.6.1.4.1.57264.1.18': env.SIGSTORE_TEST_IDENTITY,
          '1.3.6.1.4.1.57264.1.20': 'push',
        });
        expect(extensions['1.3.6.1.4.1.57264.1.21']).toMatch(
          new RegExp(`^https://github\\.com/${repository}/actions/runs/\\d+/attempts/1$`),
        );
      },
    );

    test('inside a reusable workflow the certificate names the called workflow, and the caller as build config', async () => {
      const called = `${repository.split('/')[0]}/shared-workflows/.github/workflows/sign.yml@refs/tags/v1`;
      const reusable: IdentityProvider = {
        async getToken() {
          const url = `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore&job_workflow_ref=${encodeURIComponent(called)}`;
          const response = await fetch(url, {
            headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
          });
          return ((await response.json()) as { value: string }).value;
        },
      };
      const bundle = await sign('messageSignature', reusable);
      const signer = verify(bundle, `https://github.com/${called}`);
      expect(fulcioExtensions(signer)).toMatchObject({
        '1.3.6.1.4.1.57264.1.9': `https://github.com/${called}`,
        '1.3.6.1.4.1.57264.1.18': env.SIGSTORE_TEST_IDENTITY,
        '1.3.6.1.4.1.57264.1.12': `https://github.com/${repository}`,
      });
      expect(() => verify(bundle, env.SIGSTORE_TEST_IDENTITY)).toThrow(/identity|subject alternative name/i);
    });

    test.each<BundleType>(['messageSignature', 'dsseEnvelope'])('a tampered %s is rejected', async (type) => {
      const bundle = await sign(type);
      if (bundle.content.$case === 'dsseEnvelope') {
        bundle.content.dsseEnvelope.payload = Buffer.from('{"image":"registry.test/evil@sha256:6666"}');
        expect(() => verify(bundle, env.SIGSTORE_TEST_IDENTITY)).toThrow(/signature|hash|mismatch/i);
      } else {
        expect(() =>
          verify(bundle, env.SIGSTORE_TEST_IDENTITY, trustedRoot(), Buffer.from('tampered')),
        ).toThrow(/digest|signature|mismatch/i);
      }
    });

    test('a signature is rejected for another identity', async () => {
      const bundle = await sign('messageSignature');
      const other = `https://github.com/${repository}/.github/workflows/other.yml@refs/heads/main`;
      expect(() => verify(bundle, other)).toThrow(/identity|subject alternative name/i);
    });

    test('a signature is rejected against a trusted root without the Fulcio CA', async () => {
      const bundle = await sign('dsseEnvelope');
      const root = trustedRoot();
      expect(() =>
        verify(bundle, env.SIGSTORE_TEST_IDENTITY, { ...root, certificateAuthorities: [] }),
      ).toThrow(/certificate|chain|trusted/i);
    });

    // Without the stand-in's whole-second TSA clock about one timestamp in ten fails with "invalid time",
    // so 40 clean rounds in a row would happen by chance with a probability of about 1.5%.
    test('signing and verifying 40 times in a row never fails on the TSA time', async () => {
      for (let round = 0; round < 40; round++) {
        const bundle = await sign(round % 2 === 0 ? 'messageSignature' : 'dsseEnvelope');
        expect(verify(bundle, env.SIGSTORE_TEST_IDENTITY).identity?.subjectAlternativeName).toBe(
          env.SIGSTORE_TEST_IDENTITY,
        );
      }
    });
  },
);

/** The certificate's Fulcio extensions (OID 1.3.6.1.4.1.57264.1.*) as text, by dotted OID. */
function fulcioExtensions(signer: Signer): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { oid, value } of signer.identity?.oids ?? []) {
    const id = oid?.id.join('.') ?? '';
    if (!id.startsWith('1.3.6.1.4.1.57264.1.')) continue;
    // The newer extensions hold a DER UTF8String (tag 0x0c, short length); the legacy ones raw text.
    result[id] =
      value[0] === 0x0c && value[1] === value.length - 2 ? value.subarray(2).toString() : value.toString();
  }
  return result;
}
