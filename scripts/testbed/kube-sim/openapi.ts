import type { JsonObject } from './json.js';
import { RESOURCES } from './resources.js';
import { SIMULATED_VERSION } from './discovery.js';

/**
 * A minimal OpenAPI v2 document. kubectl downloads it (as protobuf) before `apply`, to validate and to
 * find patch strategies; kinds it does not describe are validated by the server instead and patched
 * with kubectl's compiled-in strategies, which is what kubectl does against any server whose schema
 * lacks a kind. Each served kind is listed with its group/version/kind and an open schema.
 */
export function openApiV2(): JsonObject {
  const definitions: JsonObject = {};
  for (const r of RESOURCES) {
    definitions[`${r.group || 'core'}.${r.version}.${r.kind}`] = {
      description: `${r.kind} (simulated; schema not enforced)`,
      'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.kind }],
    };
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SIMULATED_VERSION.gitVersion },
    paths: {},
    definitions,
  };
}

/** Protocol-buffer wire helpers (just what the gnostic OpenAPI v2 messages below need). */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return bytes;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(payload.length)]), payload]);
}

const str = (field: number, value: string): Buffer => lengthDelimited(field, Buffer.from(value, 'utf8'));

/**
 * The same document in gnostic's `openapi_v2.Document` protobuf encoding, which is what client-go asks
 * for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). Field numbers follow gnostic's
 * OpenAPIv2.proto: Document{swagger=1, info=2, paths=8, definitions=9}, Info{title=1, version=2},
 * Definitions{additional_properties=1}, NamedSchema{name=1, value=2}, Schema{description=4,
 * vendor_extension=31}, NamedAny{name=1, value=2}, Any{yaml=2}.
 */
export function openApiV2Protobuf(): Buffer {
  const info = Buffer.concat([str(1, 'Kubernetes'), str(2, SIMULATED_VERSION.gitVersion)]);
  const named = RESOURCES.map((r) => {
    const gvk = `- group: "${r.group}"\n  kind: ${r.kind}\n  version: ${r.version}\n`;
    const extension = Buffer.concat([
      str(1, 'x-kubernetes-group-version-kind'),
      lengthDelimited(2, str(2, gvk)),
    ]);
    const schema = Buffer.concat([
      str(4, `${r.kind} (simulated; schema not enforced)`),
      lengthDelimited(31, extension),
    ]);
    return lengthDelimited(
      1,
      Buffer.concat([str(1, `${r.group || 'core'}.${r.version}.${r.kind}`), lengthDelimited(2, schema)]),
    );
  });
  return Buffer.concat([
    str(1, '2.0'),
    lengthDelimited(2, info),
    lengthDelimited(8, Buffer.alloc(0)),
    lengthDelimited(9, Buffer.concat(named)),
  ]);
}
