import { parseChallenge } from '../../src/image/registry/challenge.js';
import { describeWithServices } from '../support/services.js';

describeWithServices(
  ['REGISTRY_TOKEN_AUTH', 'REGISTRY_USER', 'REGISTRY_PASSWORD'],
  'testbed token-auth registry (the GHCR flow)',
  (env) => {
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`${env.REGISTRY_USER}:${password}`).toString('base64')}`,
    });

    test('401 with a Bearer challenge; the token service grants the scope to the right login only', async () => {
      expect(env.REGISTRY_TOKEN_AUTH).toMatch(/^127\.0\.0\.1:\d+$/);
      const anonymous = await fetch(`http://${env.REGISTRY_TOKEN_AUTH}/v2/`);
      expect(anonymous.status).toBe(401);
      const challenge = parseChallenge(anonymous.headers.get('www-authenticate') ?? undefined);
      expect(challenge).toMatchObject({ scheme: 'bearer', service: 'prodline-testbed-registry' });
      const realm = new URL(challenge?.realm ?? '');
      expect(realm.hostname).toBe('127.0.0.1');
      realm.searchParams.set('service', challenge?.service ?? '');
      realm.searchParams.set('scope', 'repository:testbed/check:pull,push');

      expect((await fetch(realm, { headers: basic('wrong') })).status).toBe(401);
      const granted = await fetch(realm, { headers: basic(env.REGISTRY_PASSWORD) });
      expect(granted.status).toBe(200);
      const { token } = (await granted.json()) as { token: string };
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
        access: unknown;
      };
      expect(claims.access).toEqual([
        { type: 'repository', name: 'testbed/check', actions: ['pull', 'push'] },
      ]);

      const withToken = await fetch(`http://${env.REGISTRY_TOKEN_AUTH}/v2/`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(withToken.status).toBe(200);
      // An anonymous token carries no access: the registry refuses it for a repository.
      const anonymousToken = (await (await fetch(realm)).json()) as { token: string };
      const refused = await fetch(`http://${env.REGISTRY_TOKEN_AUTH}/v2/testbed/check/tags/list`, {
        headers: { authorization: `Bearer ${anonymousToken.token}` },
      });
      expect(refused.status).toBe(401);
    });
  },
);
