import { generateKeyPairSync } from 'node:crypto';
import { ensureNode24 } from '../../scripts/lib/node24.js';
import { commandMessages, runBundle, type BundleResult } from '../../scripts/lib/run-bundle.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { encryptCosignKey } from '../../src/sign/cosign-key.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

// The sign-image bundle run as the runner runs it (Node 20 and Node 24), against the testbed.
describeWithServices(
  [
    'REGISTRY_AUTH',
    'REGISTRY_USER',
    'REGISTRY_PASSWORD',
    'SIGSTORE_FULCIO_URL',
    'SIGSTORE_REKOR_URL',
    'SIGSTORE_TSA_URL',
    'SIGSTORE_TRUSTED_ROOT',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'SIGSTORE_TEST_IDENTITY',
  ],
  'sign-image bundle as a process',
  (env) => {
    const keyPassword = 'planted-PASSWORD-e2e-91af';
    const sigstore = {
      'fulcio-url': env.SIGSTORE_FULCIO_URL,
      'rekor-url': env.SIGSTORE_REKOR_URL,
      'tsa-url': env.SIGSTORE_TSA_URL,
      'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
    };
    const login = { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD };
    const tokenEnv = {
      ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    };

    async function newImage(): Promise<string> {
      const repository = uniqueRepository('e2e');
      const client = new RegistryClient({ registry: env.REGISTRY_AUTH, credentials: login, push: true });
      return `${env.REGISTRY_AUTH}/${repository}@${await pushSyntheticImage(client, repository)}`;
    }

    /** Everything a run printed or wrote, except the ::add-mask:: commands that register secrets. */
    function visible(result: BundleResult): string {
      const stdout = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      return stdout + result.stderr + result.summary + JSON.stringify(result.outputs);
    }

    test.each([
      ['node 20', () => process.execPath],
      ['node 24', ensureNode24],
    ])(
      'under %s: keyless sign then verify; the OIDC tokens never appear',
      async (_label, node) => {
        const image = await newImage();
        const signed = await runBundle(
          'sign-image',
          { image, ...sigstore, ...login },
          { node: node(), env: tokenEnv },
        );
        expect(commandMessages(signed.stdout, 'error')).toEqual([]);
        expect(signed.exitCode).toBe(0);
        expect(signed.outputs).toMatchObject({
          verified: 'true',
          'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
        });
        expect(signed.summary).toContain('### Image signed');
        const verified = await runBundle(
          'sign-image',
          {
            image,
            mode: 'verify',
            'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
            ...sigstore,
            ...login,
          },
          { node: node() },
        );
        expect(verified.exitCode).toBe(0);
        expect(verified.outputs.verified).toBe('true');
        // The request token is a secret; the JWT it fetched must not leak either (its payload part is unique).
        expect(visible(signed)).not.toContain(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
        expect(visible(signed)).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
      },
      120_000,
    );

    test('key-based: the key password never appears; a wrong password fails with a plain reason', async () => {
      const image = await newImage();
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const key = await encryptCosignKey(
        pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
        keyPassword,
      );
      const signed = await runBundle('sign-image', {
        image,
        key,
        'key-password': keyPassword,
        ...sigstore,
        ...login,
      });
      expect(commandMessages(signed.stdout, 'error')).toEqual([]);
      expect(signed.outputs['certificate-identity']).toBe('key');
      expect(visible(signed)).not.toContain(keyPassword);
      const wrong = await runBundle('sign-image', {
        image,
        key,
        'key-password': `${keyPassword}-wrong`,
        ...sigstore,
        ...login,
      });
      expect(wrong.exitCode).toBe(1);
      expect(commandMessages(wrong.stdout, 'error')).toEqual([
        'the key could not be decrypted: the key-password is wrong (or the key is damaged)',
      ]);
      expect(visible(wrong)).not.toContain(keyPassword);
    });

    test('verify mode on an unsigned image fails with one clear error and no stack', async () => {
      const image = await newImage();
      const result = await runBundle('sign-image', {
        image,
        mode: 'verify',
        'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
        ...sigstore,
        ...login,
      });
      expect(result.exitCode).toBe(1);
      const errors = commandMessages(result.stdout, 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/has no signature/);
      expect(result.stdout + result.stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
    });
  },
);
