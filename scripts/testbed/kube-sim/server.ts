import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-server.js';
import { SimClock } from './clock.js';
import { handleControl } from './control-api.js';
import { ControllerManager } from './controllers.js';
import { Faults, RequestLog } from './faults.js';
import { ObjectApi } from './objects.js';
import { DEFAULT_BEHAVIOUR_SETTINGS, type BehaviourDefaults, type BehaviourRule } from './pod-behaviours.js';
import { resourceByPlural } from './resources.js';
import type { SimState } from './state.js';
import { Store } from './store.js';
import { WatchRegistry } from './watch-stream.js';

/** Start-up settings of one simulator. */
export interface KubeSimOptions {
  /** API port on 127.0.0.1 (0: any free port). */
  port?: number;
  /** Control API port on 127.0.0.1 (0: any free port). */
  controlPort?: number;
  /** Require this bearer token on API requests. */
  token?: string;
  /** Behaviour defaults (ready delay, crash timing, back-off). */
  behaviourDefaults?: Partial<BehaviourDefaults>;
  /** Image behaviour rules to start with. */
  behaviours?: BehaviourRule[];
  /** How often controllers run without a change to react to (ms). */
  tickMs?: number;
  bookmarkIntervalMs?: number;
  /** How many changes are kept for watches to resume from (older ones answer 410 Gone). */
  retainedEvents?: number;
}

/** A running simulator. */
export interface KubeSim {
  /** The Kubernetes API (`http://127.0.0.1:PORT`). */
  url: string;
  /** The control API. */
  controlUrl: string;
  /** The in-process state, for tests that want to look inside. */
  state: SimState;
  close(): Promise<void>;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

/** Builds the state of a simulator without any server (used by the servers and by unit tests). */
export function createSimState(options: KubeSimOptions = {}): SimState {
  const clock = new SimClock();
  const store = new Store(clock, options.retainedEvents ?? 10_000);
  const behaviours = [...(options.behaviours ?? [])];
  const behaviourDefaults = { ...DEFAULT_BEHAVIOUR_SETTINGS, ...options.behaviourDefaults };
  const controllers = new ControllerManager(
    store,
    clock,
    behaviours,
    behaviourDefaults,
    options.tickMs ?? 100,
  );
  const objects = new ObjectApi(store, clock);
  for (const name of SYSTEM_NAMESPACES)
    objects.create(resourceByPlural('namespaces'), undefined, { metadata: { name } });
  return {
    store,
    clock,
    objects,
    controllers,
    faults: new Faults(),
    deny: [],
    log: new RequestLog(),
    watches: new WatchRegistry(),
    behaviours,
    behaviourDefaults,
    options: {
      token: options.token,
      user: options.token ? 'prodline-test' : 'system:anonymous',
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1_000,
    },
  };
}

/** Starts the Kubernetes API simulator and its control API on 127.0.0.1. */
export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const state = createSimState(options);
  const api = serve((req, res) => handleApi(state, req, res));
  const control = serve((req, res) => handleControl(state, req, res));
  const [apiPort, controlPort] = await Promise.all([
    listen(api, options.port ?? 0),
    listen(control, options.controlPort ?? 0),
  ]);
  state.controllers.start();
  const close = async (): Promise<void> => {
    state.controllers.stop();
    state.watches.endAll();
    await Promise.all(
      [api, control].map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };
  return { url: `http://127.0.0.1:${apiPort}`, controlUrl: `http://127.0.0.1:${controlPort}`, state, close };
}
