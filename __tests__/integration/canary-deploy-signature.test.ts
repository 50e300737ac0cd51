import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '../../src/image/registry/client.js';
import { manifestFile, runDeploy, secureApp, useHarness, writeRequests } from '../support/canary-deploy.js';
import { describeWithServices } from '../support/services.js';
import { pushSyntheticImage } from '../support/synthetic-image.js';

describeWithServices(
  ['REGISTRY_AUTH', 'REGISTRY_USER', 'REGISTRY_PASSWORD', 'SIGSTORE_TRUSTED_ROOT'],
  'canary-deploy signature gate',
  (env) => {
    const h = useHarness(false);

    test('an unsigned digest with require-signature is refused with zero write requests', async () => {
      const client = new RegistryClient({
        registry: env.REGISTRY_AUTH,
        credentials: { username: env.REGISTRY_USER, password: env.REGISTRY_PASSWORD },
        push: true,
      });
      const repository = `prodline/unsigned-${Date.now().toString(36)}`;
      const digest = await pushSyntheticImage(client, repository);
      const dockerConfig = join(h.dir, 'docker');
      mkdirSync(dockerConfig, { recursive: true });
      const auth = Buffer.from(`${env.REGISTRY_USER}:${env.REGISTRY_PASSWORD}`).toString('base64');
      writeFileSync(
        join(dockerConfig, 'config.json'),
        JSON.stringify({ auths: { [env.REGISTRY_AUTH]: { auth } } }),
      );
      const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .publicKey.export({ format: 'pem', type: 'spki' })
        .toString();
      const image = `${env.REGISTRY_AUTH}/${repository}@${digest}`;
      const file = manifestFile(
        h,
        'signed.yaml',
        secureApp('web', { image: `${env.REGISTRY_AUTH}/${repository}:x` }),
      );
      await h.control.resetRequests();
      const result = await runDeploy(
        h,
        {
          manifests: file,
          image,
          'require-signature': 'true',
          'public-key': publicKey,
          'trusted-root': env.SIGSTORE_TRUSTED_ROOT,
        },
        { DOCKER_CONFIG: dockerConfig },
      );
      expect(result.error?.message).toContain('Signature gate: refusing to deploy, nothing was written');
      expect(result.error?.message).toContain('has no signature');
      expect(await writeRequests(h)).toEqual([]);
      expect((await h.control.requests()).total).toBe(0);
    });
  },
);
