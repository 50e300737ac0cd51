/** Routing and fixtures for the GitHub API stand-in. */

/** The user GitHub names as creator when a workflow's token writes (shape of `simple-user`). */
export const BOT_USER = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
  gravatar_id: '',
  url: 'https://api.github.com/users/github-actions%5Bbot%5D',
  html_url: 'https://github.com/apps/github-actions',
  followers_url: 'https://api.github.com/users/github-actions%5Bbot%5D/followers',
  following_url: 'https://api.github.com/users/github-actions%5Bbot%5D/following{/other_user}',
  gists_url: 'https://api.github.com/users/github-actions%5Bbot%5D/gists{/gist_id}',
  starred_url: 'https://api.github.com/users/github-actions%5Bbot%5D/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.github.com/users/github-actions%5Bbot%5D/subscriptions',
  organizations_url: 'https://api.github.com/users/github-actions%5Bbot%5D/orgs',
  repos_url: 'https://api.github.com/users/github-actions%5Bbot%5D/repos',
  events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/events{/privacy}',
  received_events_url: 'https://api.github.com/users/github-actions%5Bbot%5D/received_events',
  type: 'Bot',
  site_admin: false,
};

/** Finds the operation (`METHOD /template/{param}`) a request is for, with its path parameters. */
export function matchRoute<K extends string>(
  operations: readonly K[],
  method: string,
  path: string,
): { key: K; params: Record<string, string> } | undefined {
  for (const key of operations) {
    const [verb, template] = key.split(' ');
    if (verb !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp(
      `^${template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`,
    );
    const found = pattern.exec(path);
    if (found)
      return {
        key,
        params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])])),
      };
  }
  return undefined;
}
