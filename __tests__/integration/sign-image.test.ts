import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listReferrers } from '../../src/image/registry/referrers.js';
import { KEYS, signImageHarness } from '../support/sign-image-harness.js';
import { describeWithServices } from '../support/services.js';

describeWithServices([...KEYS], 'sign-image against the testbed registries and Sigstore', (env) => {
  const { action, newImage, password, keys, temp } = signImageHarness(env);

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
      const signed = await action({ image, key: keys.encryptedKey, 'key-password': password, ...caInput });
      expect(signed.error).toBeUndefined();
      expect(signed.outputs).toMatchObject({ verified: true, 'certificate-identity': 'key' });
      const keyFile = join(temp(), 'cosign.pub');
      writeFileSync(keyFile, keys.publicKey);
      for (const [format, key] of [
        ['bundle', keys.publicKey],
        ['classic', keyFile],
      ]) {
        const verified = await action({ mode: 'verify', image, format, 'public-key': key, ...caInput });
        expect(verified.error).toBeUndefined();
      }
      const wrongKey = await action({ mode: 'verify', image, 'public-key': keys.otherPublicKey, ...caInput });
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
    const anonymous = await action({ image, username: '', password: '' }, { HOME: temp() });
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
        // Octokit (getOctokit) sends a GITHUB_TOKEN with the `token` scheme, which the API takes as Bearer does.
        authorization: `token ${githubToken}`,
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
    const byKey = await action({ mode: 'verify', image: basic.image, 'public-key': keys.publicKey });
    expect(byKey.error?.message).toMatch(
      /signed keyless \(with a certificate\), but a signature by the given public key/,
    );
  });

  test('credentials from a Docker config written by a login step', async () => {
    const { image } = await newImage('token');
    const dir = mkdtempSync(join(temp(), 'docker-'));
    const auth = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [env.REGISTRY_TOKEN_AUTH]: { auth } } }),
    );
    const signed = await action({ image, username: '', password: '' }, { DOCKER_CONFIG: dir });
    expect(signed.error).toBeUndefined();
  });
});
