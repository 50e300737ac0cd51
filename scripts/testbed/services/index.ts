import type { TestbedService } from '../service.js';
import { prometheusService } from './prometheus.js';
import { registryService } from './registry.js';
import { sigstoreService } from './sigstore.js';

/** Every service the testbed can start, in a stable order (dependencies are declared per service). */
export const ALL_SERVICES: TestbedService[] = [registryService, prometheusService, sigstoreService];
