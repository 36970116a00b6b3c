// npm run contract:check — validates the event contract (docs/events/asyncapi.yaml) with @asyncapi/parser (the
// AsyncAPI 3 document, its JSON Schemas and Kafka bindings) and every message example against its own schemas.
// Fails on anything of error severity; prints warnings without failing, and information and hints (such as
// "AsyncAPI 3.1 exists") only with --verbose. Plain ESM, no build needed.
import { relative, resolve } from 'node:path';
import { CONTRACT_FILE, loadEventContract } from './event-contract.mjs';

const root = resolve(import.meta.dirname, '../..');
const verbose = process.argv.includes('--verbose');
const path = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
const file = path ? resolve(path) : CONTRACT_FILE;
const shown = relative(root, file);

const { document, reports } = await loadEventContract(file);
for (const report of reports) {
  if (!verbose && report.severity !== 'error' && report.severity !== 'warning') continue;
  console.log(
    `${shown}${report.line === undefined ? '' : `:${report.line}`} ${report.severity} ${report.text}`,
  );
}
const errors = reports.filter((report) => report.severity === 'error').length;
if (errors > 0 || document === undefined) {
  console.error(`${shown}: ${errors} error(s); the event contract is not valid`);
  process.exit(1);
}
const channels = document
  .channels()
  .all()
  .map((channel) => channel.address());
console.log(`${shown}: valid AsyncAPI ${document.version()}, examples valid (${channels.join(', ')})`);
