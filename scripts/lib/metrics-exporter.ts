/**
 * The testbed metrics exporter's control API (scripts/testbed/stand-ins/metrics-follow-control.ts and
 * metrics-control.ts): a JSON call, answered as the fetch Response so callers can check the status.
 */
export function exporterControl(exporterUrl: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${exporterUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
