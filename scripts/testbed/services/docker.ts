import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { waitFor } from '../process.js';
import type { TestbedService } from '../service.js';

/**
 * Unix socket paths are limited to 108 bytes (with the NUL). dockerd's longest socket sits at
 * `<exec-root>/containerd/containerd.sock.ttrpc`, so exec-root must leave room for 33 more bytes.
 */
const MAX_SOCKET_PATH = 100;
const LONGEST_EXEC_ROOT_SOCKET = '/containerd/containerd.sock.ttrpc';

const DOCKERD_FLAGS = [
  '--storage-driver',
  'vfs',
  // No iptables, no bridge, no NAT: the testbed must not touch the machine's network set-up.
  '--iptables=false',
  '--ip6tables=false',
  '--bridge=none',
  '--ip-masq=false',
  '--userland-proxy=false',
];

/**
 * A real `dockerd` (Debian `docker.io` 20.10, vfs storage) with its own data root, exec root, socket,
 * daemon config and client config directory. It listens on its unix socket only, never on TCP.
 * Publishes `DOCKER_HOST`, `DOCKER_CONFIG` and `DOCKER_CLI` (Debian's own client, which can build
 * without buildx when `DOCKER_BUILDKIT=0`; the `docker` first on PATH may be a newer one that cannot).
 */
export const dockerService: TestbedService = {
  name: 'docker',
  debianPackages: ['docker.io', 'busybox-static'],
  async start(context) {
    const cli = debianDockerClient();
    const { execRoot, socket, cleanup } = runtimePaths(context.dir);
    const daemonConfig = join(context.dir, 'daemon.json');
    // An explicit, empty daemon config so a machine-wide /etc/docker/daemon.json cannot change us.
    writeFileSync(daemonConfig, '{}\n');
    const clientConfig = join(context.dir, 'client-config');
    mkdirSync(clientConfig, { recursive: true });
    writeFileSync(join(clientConfig, 'config.json'), '{}\n');

    const dockerdArgs = [
      '--data-root',
      join(context.dir, 'data'),
      '--exec-root',
      execRoot,
      '--pidfile',
      join(context.dir, 'dockerd.pid'),
      '--config-file',
      daemonConfig,
      '-H',
      `unix://${socket}`,
      ...DOCKERD_FLAGS,
    ];
    const { logFile } = cleanup
      ? // The short runtime directory lives outside the testbed directory: a small shell waits for
        // dockerd to exit (the group gets SIGTERM on stop) and then removes it.
        context.daemon('dockerd', 'sh', [
          '-c',
          'dockerd "$@" & pid=$!; trap "kill -TERM $pid" TERM INT; wait $pid; wait $pid; rm -rf "$0"',
          cleanup,
          ...dockerdArgs,
        ])
      : context.daemon('dockerd', 'dockerd', dockerdArgs);
    await waitFor(`dockerd on ${socket}`, () => ping(socket), 30_000, logFile);
    return {
      DOCKER_HOST: `unix://${socket}`,
      DOCKER_CONFIG: clientConfig,
      DOCKER_CLI: cli,
    };
  },
};

/** Debian's `docker` client (from the `docker.io` package), whatever else is first on PATH. */
export function debianDockerClient(): string {
  const files = execFileSync('dpkg', ['-L', 'docker.io'], { encoding: 'utf8' }).split('\n');
  const cli = files.find((file) => file.endsWith('/bin/docker'));
  if (!cli) throw new Error('the docker.io package ships no bin/docker client (dpkg -L docker.io)');
  return cli;
}

/**
 * Exec root and socket inside the service directory when the paths fit a unix socket; otherwise in a
 * short temporary directory under /tmp that must be removed after dockerd stops (`cleanup`).
 */
function runtimePaths(dir: string): { execRoot: string; socket: string; cleanup?: string } {
  const inDir = join(dir, 'run');
  if (inDir.length + LONGEST_EXEC_ROOT_SOCKET.length <= MAX_SOCKET_PATH)
    return { execRoot: inDir, socket: join(dir, 'docker.sock') };
  const short = mkdtempSync('/tmp/prodline-docker-');
  return { execRoot: join(short, 'run'), socket: join(short, 'docker.sock'), cleanup: short };
}

/** True once the engine answers `GET /_ping` with 200 on its unix socket. */
function ping(socketPath: string): Promise<true | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? true : undefined);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
    req.end();
  });
}
