import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listReferrers } from '../../src/image/registry/referrers.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInputs } from '../../src/actions/sign-image/inputs.js';
import { run, type SignImageOutputs } from '../../src/actions/sign-image/run.js';
import { RegistryClient } from '../../src/image/registry/client.js';
import { MemoryLogger } from '../../src/runtime/logger.js';
import { MemorySummary } from '../../src/runtime/summary.js';
import { encryptCosignKey } from '../../src/sign/cosign-key.js';
import { appendClassicSignature, classicTag, readClassicSignatures } from '../../src/sign/signature-store.js';
import { OCI_MANIFEST } from '../../src/image/registry/media-types.js';
import { readerFor } from '../support/reader.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage, uniqueRepository } from '../support/synthetic-image.js';

const KEYS = [
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
      ca: ca ? readFileSync(ca, 'utf8') : undefined,
      credentials: { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD },
      push: true,
    });
    const digest = await pushSyntheticImage(client, repository);
    return { image: `${registry}/${repository}@${digest}`, digest, ca, client, repository };
  }

  describe.each(['basic', 'tls', 'token'] as const)('%s registry', (flavour) => {
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
      const keyFile = join(temp, 'cosign.pub');
      writeFileSync(keyFile, publicKey);
      for (const [format, key] of [
        ['bundle', publicKey],
        ['classic', keyFile],
      ]) {
        const verified = await action({ mode: 'verify', image, format, 'public-key': key, ...caInput });
        expect(verified.error).toBeUndefined();
      }
      const wrongKey = await action({ mode: 'verify', image, 'public-key': otherPublicKey, ...caInput });
      expect(wrongKey.error?.message).toMatch(/none acceptable[\s\S]*given public key/);
      const keylessRequired = await action({
        mode: 'verify',
        image,
        'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
        ...caInput,
      });
      expect(keylessRequired.error?.message).toMatch(/signed with a key, but a keyless signer/);
      const everything = JSON.stringify(signed) + JSON.stringify(wrongKey);
      expect(everything).not.toContain(password);
    });
  });

  test('token-auth registry: refused credentials and a missing login are each explained', async () => {
    const { image } = await newImage('token');
    const refused = await action({ image, password: 'not-the-password' });
    expect(refused.error?.message).toMatch(/token service of .* refused the credentials given/);
    const anonymous = await action({ image, username: '', password: '' }, { HOME: temp });
    expect(anonymous.error?.message).toMatch(
      /answered 401[\s\S]*refused or lack the needed rights|needs a login/,
    );
  });

  test('inside a reusable workflow the identity verified (and output) is the called workflow', async () => {
    const { image } = await newImage('basic');
    const owner = env.SIGSTORE_TEST_IDENTITY.split('/')[3];
    const called = `${owner}/shared-workflows/.github/workflows/sign.yml@refs/tags/v1`;
    const url = `${env.ACTIONS_ID_TOKEN_REQUEST_URL}&job_workflow_ref=${encodeURIComponent(called)}`;
    const signed = await action({ image }, { ACTIONS_ID_TOKEN_REQUEST_URL: url });
    expect(signed.error).toBeUndefined();
    expect(signed.outputs?.['certificate-identity']).toBe(`https://github.com/${called}`);
    expect(signed.summary).toContain(`--certificate-identity 'https://github.com/${called}'`);
    expect(signed.summary).toContain('Inside a reusable workflow');
    const callerIdentity = await action({
      mode: 'verify',
      image,
      'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
    });
    expect(callerIdentity.error?.message).toContain(`signed by https://github.com/${called}`);
  });

  test('attest-provenance: SLSA provenance stored with GitHub and pushed as a referrer; not taken for a signature', async () => {
    const { image, digest, client, repository } = await newImage('basic');
    const received: { url?: string; authorization?: string; body?: string }[] = [];
    const github = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ url: request.url, authorization: request.headers.authorization, body });
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"id": 4242}');
      });
    });
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
    const githubToken = 'planted-GITHUB-TOKEN-3e9a';
    try {
      const signed = await action(
        {
          image,
          format: 'classic',
          'attest-provenance': 'true',
          'push-provenance': 'true',
          'github-token': githubToken,
        },
        { GITHUB_API_URL: apiUrl, GITHUB_REPOSITORY: 'prodline-testbed/app' },
      );
      expect(signed.error).toBeUndefined();
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        url: '/repos/prodline-testbed/app/attestations',
        authorization: `Bearer ${githubToken}`,
      });
      const { bundle } = JSON.parse(received[0].body ?? '{}') as {
        bundle: { mediaType: string; dsseEnvelope: { payload: string } };
      };
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()) as {
        predicateType: string;
        subject: { digest: { sha256: string } }[];
        predicate: { runDetails: { builder: { id: string } } };
      };
      expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
      expect(statement.subject[0].digest.sha256).toBe(digest.slice(7));
      expect(statement.predicate.runDetails.builder.id).toBe(env.SIGSTORE_TEST_IDENTITY);
      expect(signed.summary).toContain('GitHub attestation 4242');
      expect(JSON.stringify(signed)).not.toContain(githubToken);
      const referrers = await listReferrers(client, repository, digest);
      expect(referrers.map((r) => r.annotations?.['dev.sigstore.bundle.predicateType'])).toEqual([
        'https://slsa.dev/provenance/v1',
      ]);
      const asSignature = await action({
        mode: 'verify',
        image,
        format: 'bundle',
        'certificate-identity': env.SIGSTORE_TEST_IDENTITY,
      });
      expect(asSignature.error?.message).toMatch(
        /it is an attestation \(https:\/\/slsa.dev\/provenance\/v1\), not an image signature/,
      );
    } finally {
      github.closeAllConnections();
      await new Promise((resolve) => github.close(resolve));
    }
  });

  test('a TLS registry with a private CA and no registry-ca: a plain TLS reason, and a keyless signature is not a key signature', async () => {
    const { image } = await newImage('tls');
    const result = await action({ image });
    expect(result.error?.message).toMatch(
      /TLS to the registry failed .* give its certificate file as registry-ca/,
    );
    const basic = await newImage('basic');
    expect((await action({ image: basic.image, format: 'bundle' })).error).toBeUndefined();
    const byKey = await action({ mode: 'verify', image: basic.image, 'public-key': publicKey });
    expect(byKey.error?.message).toMatch(
      /signed keyless \(with a certificate\), but a signature by the given public key/,
    );
  });

  test('credentials from a Docker config written by a login step', async () => {
    const { image } = await newImage('token');
    const dir = mkdtempSync(join(temp, 'docker-'));
    const auth = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [env.REGISTRY_TOKEN_AUTH]: { auth } } }),
    );
    const signed = await action({ image, username: '', password: '' }, { DOCKER_CONFIG: dir });
    expect(signed.error).toBeUndefined();
  });

  describe('rejections, each with its own reason', () => {
    const verify = (image: string, extra: Record<string, string> = {}) =>
      action({ mode: 'verify', image, 'certificate-identity': env.SIGSTORE_TEST_IDENTITY, ...extra });

    test('an unsigned image: no signature found, in either format', async () => {
      const { image } = await newImage('basic');
      const result = await verify(image);
      expect(result.error?.message).toMatch(
        /has no signature: looked for Sigstore bundle referrers and the cosign tag/,
      );
    });

    test('another identity: says who signed and who was required', async () => {
      const { image } = await newImage('basic');
      expect((await action({ image })).error).toBeUndefined();
      const other = env.SIGSTORE_TEST_IDENTITY.replace('release.yml', 'other.yml');
      const result = await verify(image, { 'certificate-identity': other });
      expect(result.error?.message).toContain(`signed by ${env.SIGSTORE_TEST_IDENTITY}, but ${other}`);
      const pattern = await verify(image, {
        'certificate-identity': '',
        'certificate-identity-regexp': '^https://github\\.com/someone-else/',
      });
      expect(pattern.error?.message).toMatch(/does not match the required pattern/);
    });

    test('a trusted root without the Fulcio CA: the chain is untrusted', async () => {
      const { image } = await newImage('basic');
      expect((await action({ image, format: 'bundle' })).error).toBeUndefined();
      const root = JSON.parse(readFileSync(env.SIGSTORE_TRUSTED_ROOT, 'utf8')) as Record<string, unknown>;
      const file = join(temp, 'root-without-ca.json');
      writeFileSync(file, JSON.stringify({ ...root, certificateAuthorities: [] }));
      const result = await verify(image, { 'trusted-root': file });
      expect(result.error?.message).toMatch(/does not chain to the trusted root/);
    });

    test('an unreadable trusted root is named, with what to give', async () => {
      const { image } = await newImage('basic');
      const file = join(temp, 'not-a-root.json');
      writeFileSync(file, 'not json');
      const result = await verify(image, { 'trusted-root': file });
      expect(result.error?.message).toMatch(
        /trusted-root: .*not-a-root.json could not be read as a Sigstore trusted root/,
      );
    });

    test('a tampered classic payload: the signature does not match', async () => {
      const { image, digest, client, repository } = await newImage('basic');
      expect((await action({ image, format: 'classic' })).error).toBeUndefined();
      const [signature] = await readClassicSignatures(client, repository, digest);
      const tampered = Buffer.from(
        signature.payload.toString().replace('"optional":null', '"optional":{"a":1}'),
      );
      const blob = await client.putBlob(repository, tampered);
      const config = await client.putBlob(repository, Buffer.from('{}'));
      const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 },
        layers: [
          {
            mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
            digest: blob,
            size: tampered.length,
            annotations: signature.annotations,
          },
        ],
      };
      await client.putManifest(
        repository,
        classicTag(digest),
        Buffer.from(JSON.stringify(manifest)),
        OCI_MANIFEST,
      );
      const result = await verify(image, { format: 'classic' });
      expect(result.error?.message).toMatch(/does not match the signed content: it was altered/);
    });

    test('a signature copied from another image: valid, but for another digest', async () => {
      const first = await newImage('basic');
      expect((await action({ image: first.image, format: 'classic' })).error).toBeUndefined();
      const [signature] = await readClassicSignatures(first.client, first.repository, first.digest);
      const second = await newImage('basic');
      await appendClassicSignature(second.client, second.repository, second.digest, signature);
      const result = await verify(second.image, { format: 'classic' });
      expect(result.error?.message).toContain(`for another image (${first.digest}), not ${second.digest}`);
    });

    test('signing appends to existing classic signatures, never replacing them', async () => {
      const { image, digest, client, repository } = await newImage('basic');
      expect((await action({ image, format: 'classic' })).error).toBeUndefined();
      expect(
        (await action({ image, format: 'classic', key: encryptedKey, 'key-password': password })).error,
      ).toBeUndefined();
      expect(await readClassicSignatures(client, repository, digest)).toHaveLength(2);
      expect((await verify(image, { format: 'classic' })).error).toBeUndefined();
    });

    test('a tag is refused before any network call; resolve-tag signs the digest it resolves', async () => {
      const { image, digest } = await newImage('basic');
      const tagged = image.replace(/@sha256:.*$/, ':latest');
      expect(() =>
        parseInputs(readerFor({ image: tagged, 'resolve-tag': 'false', mode: 'sign', format: 'both' }).read),
      ).toThrow(/is a tag, and prodline signs digests only/);
      const resolved = await action({ image: tagged, 'resolve-tag': 'true' });
      expect(resolved.error).toBeUndefined();
      expect(resolved.outputs?.digest).toBe(digest);
      expect(resolved.log).toContain(`resolved the tag latest to ${digest}`);
    });
  });
});
