import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describeWithServices } from '../support/services.js';

/** GET over TLS trusting only the given CA (Node's fetch has no per-request CA option). */
function tlsGet(url: string, ca: string, auth?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca, headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once('error', reject);
    req.end();
  });
}

describeWithServices(
  ['REGISTRY', 'REGISTRY_AUTH', 'REGISTRY_TLS', 'REGISTRY_USER', 'REGISTRY_PASSWORD', 'REGISTRY_CA'],
  'testbed registries',
  (env) => {
    const basic = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    });

    test('plain registry serves the v2 API without auth, on loopback', async () => {
      expect(env.REGISTRY).toMatch(/^127\.0\.0\.1:\d+$/);
      const response = await fetch(`http://${env.REGISTRY}/v2/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    });

    test('basic-auth registry: 401 with a challenge, 401 for a wrong password, 200 with the right one', async () => {
      const anonymous = await fetch(`http://${env.REGISTRY_AUTH}/v2/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(
        (await fetch(`http://${env.REGISTRY_AUTH}/v2/`, { headers: basic(env.REGISTRY_USER, 'wrong') }))
          .status,
      ).toBe(401);
      expect(
        (
          await fetch(`http://${env.REGISTRY_AUTH}/v2/`, {
            headers: basic(env.REGISTRY_USER, env.REGISTRY_PASSWORD),
          })
        ).status,
      ).toBe(200);
    });

    test('TLS registry: trusted through REGISTRY_CA only, and it wants credentials', async () => {
      const ca = readFileSync(env.REGISTRY_CA, 'utf8');
      await expect(fetch(`https://${env.REGISTRY_TLS}/v2/`)).rejects.toThrow();
      expect(await tlsGet(`https://${env.REGISTRY_TLS}/v2/`, ca)).toBe(401);
      expect(
        await tlsGet(`https://${env.REGISTRY_TLS}/v2/`, ca, `${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`),
      ).toBe(200);
    });

    test('a manifest pushed to the plain registry is served back by digest', async () => {
      const config = Buffer.from('{}');
      const { createHash } = await import('node:crypto');
      const digest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
      const start = await fetch(`http://${env.REGISTRY}/v2/testbed/check/blobs/uploads/`, { method: 'POST' });
      expect(start.status).toBe(202);
      const location = new URL(start.headers.get('location') ?? '', `http://${env.REGISTRY}`);
      location.searchParams.set('digest', digest);
      expect(
        (
          await fetch(location, {
            method: 'PUT',
            body: config,
            headers: { 'content-type': 'application/octet-stream' },
          })
        ).status,
      ).toBe(201);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: config.length },
        layers: [],
      });
      const put = await fetch(`http://${env.REGISTRY}/v2/testbed/check/manifests/v1`, {
        method: 'PUT',
        body: manifest,
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      });
      expect(put.status).toBe(201);
      const manifestDigest = put.headers.get('docker-content-digest') ?? '';
      const got = await fetch(`http://${env.REGISTRY}/v2/testbed/check/manifests/${manifestDigest}`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      expect(got.status).toBe(200);
      expect(await got.text()).toBe(manifest);
    });
  },
);
