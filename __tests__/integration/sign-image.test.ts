import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputs } from '../../src/actions/sign-image/inputs.js';
import { run, type SignImageOutputs } from '../../src/actions/sign-image/run.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { encryptCosignKey } from '../../src/sign/cosign-key.js';
import { readerFor } from '../support/reader.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

const KEYS = [
  'REGISTRY_AUTH',
  'REGISTRY_TLS',
  'REGISTRY_CA',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'SIGSTORE_FULCIO_URL',
  'SIGSTORE_REKOR_URL',
  'SIGSTORE_TSA_URL',
  'SIGSTORE_TRUSTED_ROOT',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'SIGSTORE_TEST_IDENTITY',
] as const;

describeWithServices([...KEYS], 'sign-image against the testbed registries and Sigstore', (env) => {
  const password = 'planted-KEY-PASSWORD-7d1c';
  let temp: string;
  let encryptedKey: string;
  let publicKey: string;
  let otherPublicKey: string;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'prodline-sign-'));
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    encryptedKey = await encryptCosignKey(pair.privateKey.export({ format: 'der', type: 'pkcs8' }), password);
    publicKey = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    otherPublicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const registries = {
    basic: () => ({ registry: env.REGISTRY_AUTH, ca: undefined }),
    tls: () => ({ registry: env.REGISTRY_TLS, ca: env.REGISTRY_CA }),
  };

  /** Runs the action in-process as the runner would, returning outputs and everything it said. */
  async function action(
    inputs: Record<string, string>,
    extraEnv: Record<string, string> = {},
  ): Promise<{ outputs?: SignImageOutputs; error?: Error; log: string; summary: string }> {
    const { read } = readerFor(
      {
        mode: 'sign',
        format: 'both',
        'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
        'fulcio-url': env.SIGSTORE_FULCIO_URL,
        'rekor-url': env.SIGSTORE_REKOR_URL,
        'tsa-url': env.SIGSTORE_TSA_URL,
        'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
        'resolve-tag': 'false',
        'attest-provenance': 'false',
        'push-provenance': 'false',
        timeout: '60s',
        username: env.REGISTRY_USER,
        password: env.REGISTRY_PASSWORD,
        ...inputs,
      },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: env.ACTIONS_ID_TOKEN_REQUEST_URL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        RUNNER_TEMP: temp,
        ...extraEnv,
      },
    );
    const logger = new MemoryLogger();
    const summary = new MemorySummary();
    try {
      const outputs = await run(parseInputs(read), { logger, summary });
      return { outputs, log: logger.text(), summary: summary.markdown };
    } catch (error) {
      return { error: error as Error, log: logger.text(), summary: summary.markdown };
    }
  }

  async function newImage(
    flavour: keyof typeof registries,
  ): Promise<{ image: string; digest: string; ca?: string }> {
    const { registry, ca } = registries[flavour]();
    const repository = uniqueRepository(flavour);
    const client = new RegistryClient({
      registry,
      ca: ca ? readFileSync(ca, 'utf8') : undefined,
      credentials: { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD },
      push: true,
    });
    const digest = await pushSyntheticImage(client, repository);
    return { image: `${registry}/${repository}@${digest}`, digest, ca };
  }

  describe.each(['basic', 'tls'] as const)('%s registry', (flavour) => {
    test('keyless sign (both formats), then verify mode accepts each format with the GitHub identity', async () => {
      const { image, digest, ca } = await newImage(flavour);
      const caInput: Record<string, string> = ca ? { 'registry-ca': ca } : {};
      const signed = await action({ image, ...caInput });
      expect(signed.error).toBeUndefined();
      expect(signed.outputs).toMatchObject({
        digest,
        verified: true,
        'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
      });
      expect(String(signed.outputs?.['rekor-log-index'])).toMatch(/^\d+$/);
      expect(JSON.parse(readFileSync(String(signed.outputs?.['bundle-path']), 'utf8'))).toMatchObject({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      });
      expect(signed.summary).toContain(
        `cosign verify --certificate-identity '${env.SIGSTORE_TEST_IDENTITY}'`,
      );
      for (const format of ['bundle', 'classic']) {
        const verified = await action({
          mode: 'verify',
          image,
          format,
          'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
          ...caInput,
        });
        expect(verified.error).toBeUndefined();
        expect(verified.outputs).toMatchObject({
          verified: true,
          'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
        });
        expect(verified.summary).toContain(`| format | ${format} |`);
      }
    });

    test('key-based sign with a cosign encrypted key, then verify with the public key', async () => {
      const { image, ca } = await newImage(flavour);
      const caInput: Record<string, string> = ca ? { 'registry-ca': ca } : {};
      const signed = await action({ image, key: encryptedKey, 'key-password': password, ...caInput });
      expect(signed.error).toBeUndefined();
      expect(signed.outputs).toMatchObject({ verified: true, 'certificate-identity': 'key' });
      for (const format of ['bundle', 'classic']) {
        const verified = await action({ mode: 'verify', image, format, 'public-key': publicKey, ...caInput });
        expect(verified.error).toBeUndefined();
      }
      const wrongKey = await action({ mode: 'verify', image, 'public-key': otherPublicKey, ...caInput });
      expect(wrongKey.error?.message).toMatch(/none acceptable[\s\S]*given public key/);
      const everything = JSON.stringify(signed) + JSON.stringify(wrongKey);
      expect(everything).not.toContain(password);
    });
  });
});
