import type { TestbedService } from '../service.js';
import { dockerService } from './docker.js';
import { kubeSimService, kubeSimStagingService } from './kube-sim.js';
import { prometheusService } from './prometheus.js';
import { proxyService } from './proxy.js';
import { registryService } from './registry.js';
import { sigstoreService } from './sigstore.js';
import { trivyService } from './trivy.js';

/** Every service the testbed can start, in a stable order (dependencies are declared per service). */
export const ALL_SERVICES: TestbedService[] = [
  registryService,
  dockerService,
  trivyService,
  prometheusService,
  sigstoreService,
  kubeSimService,
  kubeSimStagingService,
  proxyService,
];
