import { generateKeyPairSync } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Ed25519 key every tracker a suite, benchmark or chaos run starts signs passports with: one per machine, made
 * on first use (written aside and renamed, so parallel workers never read half a file). Never a production key.
 */
export function testPassportKeyFile(): string {
  const file = join(tmpdir(), 'rack-line-tracker-test-passport-key.pem');
  if (!existsSync(file)) {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    const aside = `${file}.${process.pid}`;
    writeFileSync(aside, pem, { mode: 0o600 });
    renameSync(aside, file);
  }
  return file;
}
