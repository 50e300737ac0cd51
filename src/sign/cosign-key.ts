import { ActionFailure } from '../runtime/errors.js';
import { createPrivateKey, createPublicKey, scrypt, type KeyObject } from 'node:crypto';

/** A private key ready to sign, with its public half as PEM (SPKI). */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** Why a key could not be loaded; the message never contains key material or the password. */
export class KeyError extends ActionFailure {
  constructor(message: string) {
    super(message);
  }
}

const ENCRYPTED_TYPES = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'];

/**
 * The JSON inside cosign's encrypted key PEM (go-securesystemslib `encrypted`): scrypt derives a 32-byte
 * key from the password, NaCl secretbox (XSalsa20-Poly1305) seals the PKCS#8 DER of the private key.
 * Byte arrays are standard base64, as Go's encoding/json writes []byte.
 */
interface EncryptedKeyEnvelope {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

/**
 * Loads a signing key: cosign's `ENCRYPTED SIGSTORE PRIVATE KEY` / `ENCRYPTED COSIGN PRIVATE KEY`
 * (with its password, which may be empty, as `cosign generate-key-pair` allows), or an unencrypted PEM
 * `EC PRIVATE KEY` / `PRIVATE KEY`. Only ECDSA P-256 keys are accepted (what cosign generates and what
 * the signature formats here declare).
 */
export async function loadSigningKey(pem: string, password: string | undefined): Promise<SigningKey> {
  const block = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block) throw new KeyError('the key is not a PEM block (BEGIN/END lines missing or mismatched)');
  const [, type, body] = block;
  let privateKey: KeyObject;
  if (ENCRYPTED_TYPES.includes(type)) {
    const der = await decryptCosignKey(Buffer.from(body.replace(/\s+/g, ''), 'base64'), password ?? '');
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } else {
    try {
      privateKey = createPrivateKey({ key: block[0], format: 'pem' });
    } catch {
      throw new KeyError(`the ${type} PEM block could not be read as a private key`);
    }
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new KeyError(
      `the key is ${privateKey.asymmetricKeyType} ${privateKey.asymmetricKeyDetails?.namedCurve ?? ''}, but only ECDSA P-256 keys are supported (cosign generate-key-pair makes those)`.replace(
        /\s+,/,
        ',',
      ),
    );
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
  return { privateKey, publicKeyPem };
}

/** Opens cosign's scrypt + secretbox envelope; returns the PKCS#8 DER it seals. */
export async function decryptCosignKey(envelopeBytes: Buffer, password: string): Promise<Buffer> {
  let envelope: EncryptedKeyEnvelope;
  try {
    envelope = JSON.parse(envelopeBytes.toString('utf8')) as EncryptedKeyEnvelope;
  } catch {
    throw new KeyError('the encrypted key does not hold the JSON envelope cosign writes');
  }
  if (envelope.kdf?.name !== 'scrypt' || envelope.cipher?.name !== 'nacl/secretbox')
    throw new KeyError(
      `the encrypted key uses ${envelope.kdf?.name}/${envelope.cipher?.name}; only scrypt + nacl/secretbox (cosign's format) is supported`,
    );
  const { N, r, p } = envelope.kdf.params;
  const salt = Buffer.from(envelope.kdf.salt, 'base64');
  const nonce = Buffer.from(envelope.cipher.nonce, 'base64');
  const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly cosign's default, which it refuses.
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, derived) =>
      error
        ? reject(new KeyError(`scrypt failed on the key's parameters: ${error.message}`))
        : resolve(derived),
    ),
  );
  const { default: nacl } = await import('tweetnacl');
  const opened = nacl.secretbox.open(new Uint8Array(ciphertext), new Uint8Array(nonce), new Uint8Array(key));
  if (!opened)
    throw new KeyError('the key could not be decrypted: the key-password is wrong (or the key is damaged)');
  return Buffer.from(opened);
}

/**
 * Seals a PKCS#8 DER private key the way `cosign generate-key-pair` does, returning the PEM. Used by tests
 * to make keys in cosign's format; the parameters are cosign's defaults.
 */
export async function encryptCosignKey(
  pkcs8Der: Buffer,
  password: string,
  type = 'ENCRYPTED SIGSTORE PRIVATE KEY',
): Promise<string> {
  const { randomBytes } = await import('node:crypto');
  const { default: nacl } = await import('tweetnacl');
  const params = { N: 32768, r: 8, p: 1 };
  const salt = randomBytes(32);
  const nonce = randomBytes(24);
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  const sealed = nacl.secretbox(new Uint8Array(pkcs8Der), new Uint8Array(nonce), new Uint8Array(key));
  const envelope = {
    kdf: { name: 'scrypt', params, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: Buffer.from(sealed).toString('base64'),
  };
  const body = Buffer.from(JSON.stringify(envelope))
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}
