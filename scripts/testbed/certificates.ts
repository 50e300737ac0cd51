import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A self-signed ECDSA P-256 certificate and key in `dir` (`<name>.crt`, `<name>.key`), valid 30 days. */
export function selfSignedEcCertificate(
  dir: string,
  name: string,
  subject: string,
  extensions: string[] = [],
): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '30',
    '-subj',
    subject,
  ];
  for (const extension of extensions) args.push('-addext', extension);
  execFileSync('openssl', [...args, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}
