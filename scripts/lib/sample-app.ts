/** The image repository of the sample app (tests and benchmarks pin it to a digest). */
export const SAMPLE_REPO = 'registry.local/web';

/** A Deployment that passes every policy check, and its Service. */
export function secureApp(
  name: string,
  options: { replicas?: number; image?: string; app?: string } = {},
): string {
  const app = options.app ?? name;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${app}}
spec:
  replicas: ${options.replicas ?? 4}
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: ${options.image ?? `${SAMPLE_REPO}:placeholder`}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 10m, memory: 16Mi}
            limits: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: 8080}]
`;
}
