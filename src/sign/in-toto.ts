/** The predicate type cosign v3 uses for an image signature stored as a Sigstore bundle. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

interface Statement {
  _type: string;
  subject: { name?: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: unknown;
}

/** The in-toto statement cosign v3 signs (in a DSSE envelope) to sign an image digest. */
export function signatureStatement(name: string, digest: string): Buffer {
  const [algorithm, hex] = digest.split(':');
  const statement: Statement = {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name, digest: { [algorithm]: hex } }],
    predicateType: COSIGN_SIGN_PREDICATE,
    predicate: {},
  };
  return Buffer.from(JSON.stringify(statement));
}

/** The digests (`sha256:<hex>`) an in-toto statement names as its subjects, and its predicate type. */
export function statementSubjects(
  payload: Buffer,
): { digests: string[]; predicateType?: string } | undefined {
  try {
    const statement = JSON.parse(payload.toString('utf8')) as Partial<Statement>;
    if (!Array.isArray(statement.subject)) return undefined;
    const digests = statement.subject.flatMap((subject) =>
      Object.entries(subject.digest ?? {}).map(([algorithm, hex]) => `${algorithm}:${hex}`),
    );
    return { digests, predicateType: statement.predicateType };
  } catch {
    return undefined;
  }
}
