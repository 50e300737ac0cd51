import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { parseChallenge } from '../../src/image/registry/challenge.js';
import { dockerConfigCredentials } from '../../src/image/registry/docker-config.js';
import type { CommandRunner } from '../../src/runtime/command-runner.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptCosignKey, encryptCosignKey, KeyError, loadSigningKey } from '../../src/sign/cosign-key.js';
import { signatureStatement, statementSubjects } from '../../src/sign/in-toto.js';
import { dockerReference, simpleSigningPayload } from '../../src/sign/simple-signing.js';
import { bundleFromClassic, classicAnnotations } from '../../src/sign/classic-format.js';
import { classicTag } from '../../src/sign/signature-store.js';
import type { SerializedBundle } from '@sigstore/bundle';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('cosign key formats', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });

  test.each(['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'])(
    '%s: scrypt + secretbox envelope opens with the password (and an empty one)',
    async (type) => {
      for (const password of ['s3cret', '']) {
        const pem = await encryptCosignKey(der, password, type);
        expect(pem).toMatch(new RegExp(`^-----BEGIN ${type}-----\\n`));
        const key = await loadSigningKey(pem, password);
        expect(key.publicKeyPem).toBe(pair.publicKey.export({ format: 'pem', type: 'spki' }));
      }
    },
  );

  test('the envelope is the JSON cosign writes: scrypt N=32768 r=8 p=1, nacl/secretbox, base64 fields', async () => {
    const pem = await encryptCosignKey(der, 'pw');
    const body = pem.split('\n').slice(1, -2).join('');
    const envelope = JSON.parse(Buffer.from(body, 'base64').toString()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(envelope.kdf).toMatchObject({ name: 'scrypt', params: { N: 32768, r: 8, p: 1 } });
    expect(Buffer.from(String(envelope.kdf.salt), 'base64')).toHaveLength(32);
    expect(envelope.cipher.name).toBe('nacl/secretbox');
    expect(Buffer.from(String(envelope.cipher.nonce), 'base64')).toHaveLength(24);
    expect(await decryptCosignKey(Buffer.from(body, 'base64'), 'pw')).toEqual(der);
  });

  test('a wrong password says so, without echoing it', async () => {
    const pem = await encryptCosignKey(der, 'right-password');
    const error = await loadSigningKey(pem, 'planted-wrong-password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyError);
    expect((error as Error).message).toMatch(/key-password is wrong/);
    expect((error as Error).message).not.toContain('planted-wrong-password');
  });

  test('plain PEM keys load; keys other than P-256 are refused', async () => {
    const sec1 = pair.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    expect((await loadSigningKey(sec1, undefined)).privateKey.asymmetricKeyType).toBe('ec');
    const pkcs8 = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
      .export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect((await loadSigningKey(pkcs8, undefined)).publicKeyPem).toContain('PUBLIC KEY');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    await expect(loadSigningKey(rsa.toString(), undefined)).rejects.toThrow(/only ECDSA P-256/);
  });
});

describe('signature payloads', () => {
  test("the simple-signing payload is byte-for-byte cosign's", () => {
    expect(simpleSigningPayload('ghcr.io/org/app', DIGEST).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"ghcr.io/org/app"},"image":{"docker-manifest-digest":"${DIGEST}"},"type":"cosign container image signature"},"optional":null}`,
    );
    expect(dockerReference('docker.io', 'library/nginx')).toBe('index.docker.io/library/nginx');
  });

  test("the in-toto statement names the digest with cosign v3's predicate type", () => {
    const statement = signatureStatement('ghcr.io/org/app', DIGEST);
    expect(JSON.parse(statement.toString())).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'ghcr.io/org/app', digest: { sha256: 'ab'.repeat(32) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    });
    expect(statementSubjects(statement)?.digests).toEqual([DIGEST]);
  });

  test('classic tag and annotations round-trip to a verifiable v0.1 bundle', () => {
    expect(classicTag(DIGEST)).toBe(`sha256-${'ab'.repeat(32)}.sig`);
    const body = Buffer.from(JSON.stringify({ kind: 'hashedrekord', apiVersion: '0.0.1' })).toString(
      'base64',
    );
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {
        publicKey: { hint: 'h' },
        tlogEntries: [
          {
            logIndex: '42',
            logId: { keyId: Buffer.from('0a0b', 'hex').toString('base64') },
            kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
            integratedTime: '1700000000',
            inclusionPromise: { signedEntryTimestamp: 'U0VU' },
            canonicalizedBody: body,
          },
        ],
        timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: 'VFNB' }] },
      },
      messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: '' }, signature: 'U0lH' },
    } as unknown as SerializedBundle;
    const annotations = classicAnnotations(bundle);
    expect(annotations).toEqual({
      'dev.cosignproject.cosign/signature': 'U0lH',
      'dev.sigstore.cosign/bundle': JSON.stringify({
        SignedEntryTimestamp: 'U0VU',
        Payload: { body, integratedTime: 1700000000, logIndex: 42, logID: '0a0b' },
      }),
      'dev.sigstore.cosign/rfc3161timestamp': '{"SignedRFC3161Timestamp":"VFNB"}',
    });
    const rebuilt = bundleFromClassic({ payload: Buffer.from('x'), annotations }) as SerializedBundle;
    expect(rebuilt.verificationMaterial.tlogEntries[0]).toMatchObject({
      logIndex: '42',
      integratedTime: '1700000000',
      inclusionPromise: { signedEntryTimestamp: 'U0VU' },
    });
    expect(bundleFromClassic({ payload: Buffer.from('x'), annotations: {} })).toMatch(
      /no signature annotation/,
    );
  });
});

describe('registry auth', () => {
  test('parses Bearer and Basic challenges', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/a:pull"'),
    ).toEqual({
      scheme: 'bearer',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:o/a:pull',
    });
    expect(parseChallenge('Basic realm="r"')).toMatchObject({ scheme: 'basic', realm: 'r' });
    expect(parseChallenge(undefined)).toBeUndefined();
  });

  test('reads a Docker config as login steps write it', async () => {
    const noHelper: CommandRunner = { run: () => Promise.resolve({ exitCode: 1, stdout: '', stderr: '' }) };
    const dir = mkdtempSync(join(tmpdir(), 'prodline-docker-'));
    try {
      const auth = Buffer.from('user:p:w').toString('base64');
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({ auths: { 'https://ghcr.io': { auth }, 'https://index.docker.io/v1/': { auth } } }),
      );
      expect(await dockerConfigCredentials('ghcr.io', dir, noHelper)).toEqual({
        username: 'user',
        password: 'p:w',
      });
      expect(await dockerConfigCredentials('docker.io', dir, noHelper)).toEqual({
        username: 'user',
        password: 'p:w',
      });
      expect(await dockerConfigCredentials('quay.io', dir, noHelper)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
