import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import {
  loadSigningKey,
  publicJwkOf,
  signPassport,
  type Ed25519PublicJwk,
  type JsonObject,
} from '#contracts';

/** The tracker's passport signing key, read once at start-up, and what signing with it takes. */
export class PassportSigner {
  readonly publicJwk: Ed25519PublicJwk;

  private constructor(private readonly key: KeyObject) {
    this.publicJwk = publicJwkOf(key);
  }

  /** Reads the key file, failing with a message that says what to do when it is missing or not Ed25519. */
  static fromFile(path: string): PassportSigner {
    const file = resolve(path);
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `PASSPORT_SIGNING_KEY_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
          'make one with `npm run passport:keygen -- --out FILE` (npm run system does this in .stack/)',
      );
    }
    return new PassportSigner(loadSigningKey(pem, `PASSPORT_SIGNING_KEY_FILE ${file}`));
  }

  sign(document: JsonObject): JsonObject {
    return signPassport(document, this.key);
  }
}
