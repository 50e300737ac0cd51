import type { TestbedService } from '../service.js';
import { kubeSimService } from './kube-sim.js';
import { registryService } from './registry.js';

/** Every service the testbed can start, in a stable order (dependencies are declared per service). */
export const ALL_SERVICES: TestbedService[] = [registryService, kubeSimService];
