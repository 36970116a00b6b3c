// Makes an Ed25519 key for signing rack passports: `npm run passport:keygen -- --out FILE [--if-missing]`.
// Rotation: make a new key, point PASSPORT_SIGNING_KEY_FILE at it, restart the trackers. The old key's public
// half stays registered, so GET /v1/passport-keys keeps listing it and older passports still verify.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { publicJwkOf } from '#contracts';

const { values } = parseArgs({
  options: { out: { type: 'string' }, 'if-missing': { type: 'boolean', default: false } },
});
if (values.out === undefined) {
  console.error('usage: npm run passport:keygen -- --out FILE [--if-missing]');
  process.exit(2);
}
const file = resolve(values.out);
if (existsSync(file)) {
  if (values['if-missing']) process.exit(0);
  console.error(`${file} exists; refusing to overwrite a signing key (move it aside to rotate)`);
  process.exit(1);
}
const { privateKey } = generateKeyPairSync('ed25519');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
console.log(`passport signing key ${publicJwkOf(privateKey).kid} written to ${file}`);
