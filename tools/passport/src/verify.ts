// Checks a rack passport offline: `npm run passport:verify -- FILE [--keys JWKS_FILE]`.
// With --keys (the JSON of GET /v1/passport-keys) the signer must be one of the factory's keys; without, only the
// key embedded in the passport is checked, which proves the file is unaltered but not who signed it.
// Exit codes: 0 valid, 1 invalid (each problem on its own line), 2 the command itself was wrong.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyPassport, type Ed25519PublicJwk } from '#contracts';

const { values, positionals } = parseArgs({ options: { keys: { type: 'string' } }, allowPositionals: true });
const [file] = positionals;
if (file === undefined || positionals.length > 1) {
  console.error('usage: npm run passport:verify -- FILE [--keys JWKS_FILE]');
  process.exit(2);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    console.error(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    process.exit(2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    console.log(`INVALID ${path}\n  ${what} is not JSON: ${(error as Error).message}`);
    process.exit(1);
  }
}

const document = readJson(file, 'the passport');
let trusted: Ed25519PublicJwk[] | undefined;
if (values.keys !== undefined) {
  const jwks = readJson(values.keys, 'the key set') as { keys?: Ed25519PublicJwk[] };
  if (!Array.isArray(jwks.keys)) {
    console.error(`${values.keys} is not a JWKS (no "keys" list)`);
    process.exit(2);
  }
  trusted = jwks.keys;
}
const verdict = verifyPassport(document, trusted);
if (verdict.valid) {
  const serial = JSON.stringify(document).match(/"cdx:device:serialNumber","value":"([^"]+)"/)?.[1] ?? '?';
  const trust = trusted === undefined ? ' (key not checked against a key set: pass --keys)' : '';
  console.log(`VALID ${file}: passport of rack ${serial}, signed by key ${verdict.keyId}${trust}`);
  process.exit(0);
}
console.log(`INVALID ${file}`);
for (const problem of verdict.problems) console.log(`  ${problem}`);
process.exit(1);
