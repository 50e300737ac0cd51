import {
  buildCommand,
  builderProblem,
  githubCacheDefaults,
  type BuildSpec,
} from '../../src/docker/build-arguments.js';
import { commandWords } from '../../src/docker/command-words.js';
import { hasBuiltInBuildKit, parseBuildxDriver } from '../../src/docker/docker-cli.js';
import { allTags, generatedTags, imageLabels, sanitiseTag } from '../../src/docker/tags.js';

const spec = (over: Partial<BuildSpec> = {}): BuildSpec => ({
  builder: 'buildx',
  context: '.',
  dockerfile: 'Dockerfile',
  names: ['r/app:v1'],
  buildArgs: {},
  secretFiles: {},
  labels: {},
  platforms: [],
  cacheFrom: [],
  cacheTo: [],
  iidFile: '/tmp/iid',
  ...over,
});

describe('docker build arguments', () => {
  test.each<[string, Partial<BuildSpec>, string[], Record<string, string>]>([
    [
      'buildx loads the image',
      {},
      [
        'buildx',
        'build',
        '--load',
        '--file',
        'Dockerfile',
        '--iidfile',
        '/tmp/iid',
        '--tag',
        'r/app:v1',
        '.',
      ],
      {},
    ],
    [
      'engine BuildKit',
      { builder: 'buildkit', secretFiles: { npm: '/s/npm' }, network: 'host' },
      [
        'build',
        '--file',
        'Dockerfile',
        '--iidfile',
        '/tmp/iid',
        '--tag',
        'r/app:v1',
        '--secret',
        'id=npm,src=/s/npm',
        '--network',
        'host',
        '.',
      ],
      { DOCKER_BUILDKIT: '1' },
    ],
    [
      'classic with args, labels, target',
      {
        builder: 'classic',
        buildArgs: { A: 'x=y' },
        labels: { 'org.opencontainers.image.title': 'app' },
        target: 'prod',
      },
      [
        'build',
        '--file',
        'Dockerfile',
        '--iidfile',
        '/tmp/iid',
        '--tag',
        'r/app:v1',
        '--build-arg',
        'A=x=y',
        '--label',
        'org.opencontainers.image.title=app',
        '--target',
        'prod',
        '.',
      ],
      { DOCKER_BUILDKIT: '0' },
    ],
    [
      'buildx cache and platform',
      { platforms: ['linux/arm64'], cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] },
      [
        'buildx',
        'build',
        '--load',
        '--file',
        'Dockerfile',
        '--iidfile',
        '/tmp/iid',
        '--tag',
        'r/app:v1',
        '--platform',
        'linux/arm64',
        '--cache-from',
        'type=gha',
        '--cache-to',
        'type=gha,mode=max',
        '.',
      ],
      {},
    ],
  ])('%s', (_name, over, args, env) => {
    expect(buildCommand(spec(over))).toEqual({ args, env });
  });

  test('secret values never reach the command line: only the file path does', () => {
    const command = buildCommand(spec({ secretFiles: { token: '/tmp/w/secrets/token' } }));
    expect(command.args.join(' ')).toContain('id=token,src=/tmp/w/secrets/token');
  });

  test('what a builder cannot do is said before building', () => {
    expect(builderProblem(spec({ builder: 'classic', secretFiles: { a: 'f' } }))).toMatch(
      /^secrets needs docker buildx/,
    );
    expect(builderProblem(spec({ builder: 'buildkit', cacheTo: ['type=gha'] }))).toMatch(
      /^cache-to needs docker buildx/,
    );
    expect(builderProblem(spec({ platforms: ['linux/amd64', 'linux/arm64'] }))).toMatch(/multi-platform/);
    expect(builderProblem(spec({ builder: 'buildkit', secretFiles: { a: 'f' } }))).toBeUndefined();
  });

  test('the GitHub cache is the default for buildx with a cache-exporting driver on GitHub', () => {
    const none = { cacheFrom: [], cacheTo: [] };
    expect(githubCacheDefaults(none, 'buildx', true, true)).toEqual({
      cacheFrom: ['type=gha'],
      cacheTo: ['type=gha,mode=max'],
    });
    expect(githubCacheDefaults(none, 'buildx', false, true)).toEqual(none);
    expect(githubCacheDefaults(none, 'classic', true, true)).toEqual(none);
    expect(
      githubCacheDefaults({ cacheFrom: ['type=registry,ref=x'], cacheTo: [] }, 'buildx', true, true).cacheTo,
    ).toEqual([]);
  });

  test('builder detection parsers (captured output)', () => {
    expect(parseBuildxDriver('Name:   builder\nDriver: docker-container\nNodes:\n')).toBe('docker-container');
    expect(hasBuiltInBuildKit('20.10.24+dfsg1')).toBe(true);
    expect(hasBuiltInBuildKit('28.2.2')).toBe(false);
    expect(hasBuiltInBuildKit(undefined)).toBe(false);
  });
});

describe('tags and labels', () => {
  const github = {
    apiUrl: 'https://api.github.com',
    serverUrl: 'https://github.com',
    repository: 'org/shop',
    sha: '0123456789abcdef0123456789abcdef01234567',
  };
  test.each([
    ['refs/heads/main', ['sha-0123456', 'main']],
    ['refs/heads/feature/Login_2', ['sha-0123456', 'feature-Login_2']],
    ['refs/tags/v1.2.3', ['sha-0123456', '1.2.3', '1.2', '1']],
    ['refs/tags/v0.4.0', ['sha-0123456', '0.4.0', '0.4']],
    ['refs/tags/v2.0.0-rc.1', ['sha-0123456', '2.0.0-rc.1']],
    ['refs/tags/release-7', ['sha-0123456', 'release-7']],
    ['refs/pull/3/merge', ['sha-0123456']],
  ])('%s', (ref, tags) => {
    expect(generatedTags({ ...github, ref })).toEqual(tags);
  });

  test('explicit tags first, no duplicates; nothing generated outside GitHub', () => {
    expect(allTags(['main', 'stable'], { ...github, ref: 'refs/heads/main' })).toEqual([
      'main',
      'stable',
      'sha-0123456',
    ]);
    expect(allTags([], { serverUrl: 'https://github.com', apiUrl: 'https://api.github.com' })).toEqual([]);
    expect(sanitiseTag('-.x/y')).toBe('x-y');
  });

  test('OCI labels are filled; the user wins', () => {
    const labels = imageLabels(github, 'ghcr.io/org/shop', new Date('2030-01-02T03:04:05Z'), {
      'org.opencontainers.image.title': 'Shop',
    });
    expect(labels).toEqual({
      'org.opencontainers.image.created': '2030-01-02T03:04:05.000Z',
      'org.opencontainers.image.title': 'Shop',
      'org.opencontainers.image.source': 'https://github.com/org/shop',
      'org.opencontainers.image.revision': github.sha,
    });
  });
});

describe('test-command words', () => {
  test.each([
    ['npm test', ['npm', 'test']],
    [`sh -c "npm ci && npm test"`, ['sh', '-c', 'npm ci && npm test']],
    [`echo 'a  b' c\\ d ""`, ['echo', 'a  b', 'c d', '']],
    [`printf "\\"q\\""`, ['printf', '"q"']],
  ])('%s', (text, words) => {
    expect(commandWords(text)).toEqual(words);
  });
  test('an unclosed quote is refused', () => {
    expect(() => commandWords('npm "test')).toThrow(/unclosed " quote/);
  });
});
