import type { IncomingMessage, ServerResponse } from 'node:http';
import { coreVersions, groupInfo, groupList, resourceList, versionInfo } from './discovery.js';
import { sendJson } from './http-io.js';
import { openApiV2, openApiV2Protobuf } from './openapi.js';

/** Serves discovery and OpenAPI; returns false when the path is not one of them. */
export function serveDiscovery(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const host = req.headers.host ?? '127.0.0.1';
  const segments = pathname.split('/').filter(Boolean);
  if (pathname === '/version') sendJson(res, 200, versionInfo());
  else if (pathname === '/api') sendJson(res, 200, coreVersions(host));
  else if (pathname === '/apis') sendJson(res, 200, groupList());
  else if (['/healthz', '/livez', '/readyz'].includes(pathname)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  } else if (pathname === '/openapi/v2') {
    if ((req.headers.accept ?? '').includes('protobuf')) {
      const body = openApiV2Protobuf();
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
    } else sendJson(res, 200, openApiV2());
  } else if (segments.length === 2 && segments[0] === 'api') {
    const list = resourceList('', segments[1]);
    if (!list) return false;
    sendJson(res, 200, list);
  } else if (segments.length === 2 && segments[0] === 'apis') {
    const info = groupInfo(segments[1]);
    if (!info) return false;
    sendJson(res, 200, info);
  } else if (segments.length === 3 && segments[0] === 'apis') {
    const list = resourceList(segments[1], segments[2]);
    if (!list) return false;
    sendJson(res, 200, list);
  } else return false;
  return true;
}
