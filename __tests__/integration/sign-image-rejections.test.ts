import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInputs } from '../../src/actions/sign-image/inputs.js';
import { OCI_MANIFEST } from '../../src/image/registry/media-types.js';
import { appendClassicSignature, classicTag, readClassicSignatures } from '../../src/sign/signature-store.js';
import { readerFor } from '../support/reader.js';
import { KEYS, signImageHarness } from '../support/sign-image-harness.js';
import { describeWithServices } from '../support/services.js';

describeWithServices([...KEYS], 'sign-image rejections, each with its own reason', (env) => {
  const { action, newImage, password, keys, temp } = signImageHarness(env);

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
    const file = join(temp(), 'root-without-ca.json');
    writeFileSync(file, JSON.stringify({ ...root, certificateAuthorities: [] }));
    const result = await verify(image, { 'trusted-root': file });
    expect(result.error?.message).toMatch(/does not chain to the trusted root/);
  });

  test('an unreadable trusted root is named, with what to give', async () => {
    const { image } = await newImage('basic');
    const file = join(temp(), 'not-a-root.json');
    writeFileSync(file, 'not json');
    const result = await verify(image, { 'trusted-root': file });
    // Refused before anything is read from or written to the registry (a ConfigurationError).
    expect(result.error?.message).toMatch(
      /^Input 'trusted-root': the file ".*not-a-root.json" is not valid JSON\. Accepted: the path of a Sigstore trusted root JSON file\.$/,
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
      (await action({ image, format: 'classic', key: keys.encryptedKey, 'key-password': password })).error,
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
