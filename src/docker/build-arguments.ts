/** How the image is built: `docker buildx build`, the engine's built-in BuildKit, or the classic builder. */
export type BuilderKind = 'buildx' | 'buildkit' | 'classic';

/** Everything that shapes a `docker build` command line. */
export interface BuildSpec {
  builder: BuilderKind;
  context: string;
  dockerfile: string;
  /** Full local names (`repo:tag`) to give the image. */
  names: string[];
  buildArgs: Record<string, string>;
  /** Secret id → file holding its value (the value itself never reaches the command line). */
  secretFiles: Record<string, string>;
  labels: Record<string, string>;
  platforms: string[];
  target?: string;
  cacheFrom: string[];
  cacheTo: string[];
  /** Network for RUN steps (`--network`). */
  network?: string;
  /** File the engine writes the image ID into. */
  iidFile: string;
}

/** The argv (after the docker binary) and the extra environment of one build. */
export interface BuildCommand {
  args: string[];
  env: Record<string, string>;
}

/**
 * Turns a build spec into the docker CLI's arguments. Pure: the same spec gives the same command.
 * buildx loads the result into the engine (`--load`) so it can be tested and scanned before any push;
 * the classic builder has no secrets, platforms or cache export (rejected earlier by `builderProblem`).
 */
export function buildCommand(spec: BuildSpec): BuildCommand {
  const args = spec.builder === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
  args.push('--file', spec.dockerfile, '--iidfile', spec.iidFile);
  for (const name of spec.names) args.push('--tag', name);
  for (const [key, value] of Object.entries(spec.buildArgs)) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
  for (const [id, file] of Object.entries(spec.secretFiles)) args.push('--secret', `id=${id},src=${file}`);
  if (spec.platforms.length > 0) args.push('--platform', spec.platforms.join(','));
  if (spec.target) args.push('--target', spec.target);
  if (spec.network) args.push('--network', spec.network);
  if (spec.builder === 'buildx') {
    for (const from of spec.cacheFrom) args.push('--cache-from', from);
    for (const to of spec.cacheTo) args.push('--cache-to', to);
  } else {
    // The engine's own builders only take images as cache sources.
    for (const from of spec.cacheFrom) args.push('--cache-from', from);
  }
  args.push(spec.context);
  const env: Record<string, string> =
    spec.builder === 'buildx' ? {} : { DOCKER_BUILDKIT: spec.builder === 'buildkit' ? '1' : '0' };
  return { args, env };
}

/**
 * Why this spec cannot be built with this builder, or undefined when it can. Checked before building so
 * a user learns at once that (say) BuildKit secrets need buildx, not after a long build.
 */
export function builderProblem(spec: Omit<BuildSpec, 'iidFile' | 'names'>): string | undefined {
  if (spec.builder === 'buildx') {
    if (spec.platforms.length > 1)
      return 'several platforms give a multi-platform image that cannot be loaded into the engine to be tested and scanned before the push; build one platform per job (a matrix) for now';
    return undefined;
  }
  const needs: string[] = [];
  if (spec.platforms.length > 1) needs.push('several platforms');
  if (spec.cacheTo.length > 0) needs.push('cache-to');
  if (spec.builder === 'classic' && Object.keys(spec.secretFiles).length > 0) needs.push('secrets');
  if (needs.length === 0) return undefined;
  return `${needs.join(', ')} need${needs.length === 1 ? 's' : ''} docker buildx, which this docker CLI does not have (set up buildx with docker/setup-buildx-action, or point docker-path at a CLI that has it)`;
}

/**
 * When buildx runs on GitHub with a builder that can export caches, and the user set no cache, the
 * GitHub Actions cache is used (the engine's default `docker` driver cannot export one).
 */
export function githubCacheDefaults(
  spec: { cacheFrom: string[]; cacheTo: string[] },
  builder: BuilderKind,
  canExportCache: boolean,
  onGitHubWithCache: boolean,
): { cacheFrom: string[]; cacheTo: string[] } {
  if (builder !== 'buildx' || !canExportCache || !onGitHubWithCache) return spec;
  if (spec.cacheFrom.length > 0 || spec.cacheTo.length > 0) return spec;
  return { cacheFrom: ['type=gha'], cacheTo: ['type=gha,mode=max'] };
}
