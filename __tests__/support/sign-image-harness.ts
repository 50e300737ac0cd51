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
import { readerFor } from './reader.js';
import { pushSyntheticImage, uniqueRepository } from './synthetic-image.js';

/** The testbed services the sign-image integration tests use. */
export const KEYS = [
  'REGISTRY_AUTH',
  'REGISTRY_TLS',
  'REGISTRY_TOKEN_AUTH',
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

export type SignImageEnv = Record<(typeof KEYS)[number], string>;

/**
 * What the sign-image integration tests share: the action run in-process as the runner would (testbed
 * Sigstore and registry login filled in), fresh synthetic images per test, and a cosign key pair whose
 * password is planted so that tests can scan for it. Registers its own beforeAll/afterAll.
 */
export function signImageHarness(env: SignImageEnv) {
  const password = 'planted-KEY-PASSWORD-7d1c';
  let temp = '';
  const keys = { encryptedKey: '', publicKey: '', otherPublicKey: '' };

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'prodline-sign-'));
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keys.encryptedKey = await encryptCosignKey(
      pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
      password,
    );
    keys.publicKey = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    keys.otherPublicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const registries = {
    basic: () => ({ registry: env.REGISTRY_AUTH, ca: undefined }),
    tls: () => ({ registry: env.REGISTRY_TLS, ca: env.REGISTRY_CA }),
    token: () => ({ registry: env.REGISTRY_TOKEN_AUTH, ca: undefined }),
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
  ): Promise<{ image: string; digest: string; ca?: string; client: RegistryClient; repository: string }> {
    const { registry, ca } = registries[flavour]();
    const repository = uniqueRepository(flavour);
    const client = new RegistryClient({
      registry,
      ca: ca ? [readFileSync(ca, 'utf8')] : undefined,
      credentials: { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD },
      push: true,
    });
    const digest = await pushSyntheticImage(client, repository);
    return { image: `${registry}/${repository}@${digest}`, digest, ca, client, repository };
  }

  return { action, newImage, password, keys, temp: () => temp };
}
