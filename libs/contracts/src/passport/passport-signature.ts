import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  componentDigest,
  DIGEST_PROPERTY,
  eachComponent,
  type JsonObject,
} from './rack-passport.document.js';

/** A public key as JWKS lists it (RFC 8037 OKP, Ed25519). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** The CycloneDX JSF signature of a passport (JSON Signature Format, one signer). */
export interface PassportSignature {
  algorithm: 'Ed25519';
  keyId: string;
  publicKey: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  value: string;
}

/** RFC 7638 thumbprint of an OKP key: what `keyId` and the JWKS `kid` say. */
export function keyIdOf(x: string): string {
  const members = JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x });
  return createHash('sha256').update(members).digest('base64url');
}

/** The public half of a signing key, as JWKS lists it. */
export function publicJwkOf(key: KeyObject): Ed25519PublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new Error(`the passport signing key must be Ed25519, got ${jwk.kty}/${jwk.crv ?? '?'}`);
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: keyIdOf(jwk.x), alg: 'EdDSA', use: 'sig' };
}

/** A PKCS#8 PEM Ed25519 private key, refused with a clear message when it is anything else. */
export function loadSigningKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${source} is not a PEM private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${source} holds a ${key.asymmetricKeyType ?? 'unknown'} key; passports are signed with Ed25519`,
    );
  return key;
}

/** What is signed: the RFC 8785 canonical JSON of the document with its signature but without `signature.value`. */
function signedBytes(document: JsonObject, signature: Omit<PassportSignature, 'value'>): Buffer {
  const text = canonicalize({ ...document, signature });
  if (text === undefined) throw new Error('the document cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

/** The document with its JSF signature, by `key`. */
export function signPassport(document: JsonObject, key: KeyObject): JsonObject {
  const { kid, x } = publicJwkOf(key);
  const unsigned = {
    algorithm: 'Ed25519' as const,
    keyId: kid,
    publicKey: { kty: 'OKP' as const, crv: 'Ed25519' as const, x },
  };
  const { signature: _old, ...body } = document;
  const value = sign(null, signedBytes(body, unsigned), key).toString('base64url');
  return { ...body, signature: { ...unsigned, value } };
}

export type PassportVerdict =
  | { readonly valid: true; readonly keyId: string }
  | { readonly valid: false; readonly problems: readonly string[] };

/**
 * Checks a passport offline. With `trusted` keys (the factory's JWKS) the signer must be one of them; without,
 * only the embedded key is checked, which proves integrity but not origin. On a bad signature the component
 * digests name what was altered.
 */
export function verifyPassport(document: unknown, trusted?: readonly Ed25519PublicJwk[]): PassportVerdict {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    return { valid: false, problems: ['the file is not a JSON object'] };
  const { signature, ...body } = document as JsonObject;
  if (signature === undefined) return { valid: false, problems: ['the passport has no signature'] };
  const sig = signature as Partial<PassportSignature>;
  if (sig.algorithm !== 'Ed25519')
    return {
      valid: false,
      problems: [`signature.algorithm is ${JSON.stringify(sig.algorithm)}, not "Ed25519"`],
    };
  const x = sig.publicKey?.x;
  if (sig.publicKey?.kty !== 'OKP' || sig.publicKey.crv !== 'Ed25519' || typeof x !== 'string')
    return {
      valid: false,
      problems: ['signature.publicKey is not an Ed25519 JWK (kty OKP, crv Ed25519, x)'],
    };
  if (typeof sig.value !== 'string') return { valid: false, problems: ['signature.value is missing'] };
  const kid = keyIdOf(x);
  if (sig.keyId !== undefined && sig.keyId !== kid)
    return {
      valid: false,
      problems: [`signature.keyId ${sig.keyId} is not the thumbprint of its publicKey (${kid})`],
    };
  if (trusted !== undefined && !trusted.some((key) => key.x === x))
    return {
      valid: false,
      problems: [
        `unknown key ${kid}: not among the ${trusted.length} keys the factory publishes (GET /v1/passport-keys)`,
      ],
    };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch {
    return { valid: false, problems: ['signature.publicKey.x is not an Ed25519 public key'] };
  }
  const { value, ...unsigned } = sig as PassportSignature;
  const good = verify(null, signedBytes(body, unsigned), publicKey, Buffer.from(value, 'base64url'));
  if (good) return { valid: true, keyId: kid };
  return { valid: false, problems: ['the signature does not match the document', ...alteredParts(body)] };
}

/** Components whose digest no longer matches them: what was changed after signing. */
function alteredParts(document: JsonObject): string[] {
  const altered = eachComponent(document).flatMap(({ path, component }) => {
    const properties = (component.properties as { name: string; value: string }[] | undefined) ?? [];
    const serial = properties.find((entry) => entry.name === 'cdx:device:serialNumber')?.value;
    const recorded = properties.find((entry) => entry.name === DIGEST_PROPERTY)?.value;
    const named = `${path}${serial === undefined ? '' : ` (serial ${serial})`}`;
    if (recorded === undefined) return [`${named} has lost its digest`];
    return recorded === componentDigest(component) ? [] : [`${named} was altered after signing`];
  });
  return altered.length > 0
    ? altered
    : [
        'every component is as signed: what changed is outside them (serialNumber, version, timestamp or the signature)',
      ];
}
