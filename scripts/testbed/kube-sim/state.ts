import type { SimClock } from './clock.js';
import type { ControllerManager } from './controllers.js';
import type { DenyRule, Faults, RequestLog } from './faults.js';
import type { ObjectApi } from './objects.js';
import type { BehaviourDefaults, BehaviourRule } from './pod-behaviours.js';
import type { Store } from './store.js';
import type { WatchRegistry } from './watch-stream.js';

/** Settings fixed at start-up. */
export interface SimOptions {
  /** When set, every API request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** The user named in 403 messages. */
  user: string;
  /** How often open watches that asked for bookmarks get one. */
  bookmarkIntervalMs: number;
}

/** Everything one simulator instance holds; the API and control handlers share it. */
export interface SimState {
  store: Store;
  clock: SimClock;
  objects: ObjectApi;
  controllers: ControllerManager;
  faults: Faults;
  deny: DenyRule[];
  log: RequestLog;
  watches: WatchRegistry;
  behaviours: BehaviourRule[];
  behaviourDefaults: BehaviourDefaults;
  options: SimOptions;
}
