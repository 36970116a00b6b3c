// The event contract (docs/events/asyncapi.yaml) as code can use it: parsed and checked by @asyncapi/parser, and
// each message's payload, headers and Kafka key compiled into a JSON Schema validator (ajv, strict mode).
// Used by `npm run contract:check` (tools/contract/contract-check.mjs) and by the contract test in test/contracts/.
// Plain ESM so that the check runs without a build.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

export const CONTRACT_FILE = resolve(import.meta.dirname, '../../docs/events/asyncapi.yaml');

// @stoplight/types DiagnosticSeverity: Error = 0, Warning = 1, Information = 2, Hint = 3.
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

/** The parser marks every schema it dereferences with x-parser-* keys; they are not JSON Schema. */
function withoutParserKeys(value) {
  if (Array.isArray(value)) return value.map(withoutParserKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-parser-'))
      .map(([key, inner]) => [key, withoutParserKeys(inner)]),
  );
}

function compiler() {
  // Strict: an unknown keyword or format, or a keyword on the wrong type, is an error rather than a schema that
  // silently accepts anything. A `required` naming a property defined elsewhere is fine (the conditional rules).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function describeErrors(errors) {
  return (errors ?? [])
    .map((error) => {
      const extra = error.params?.additionalProperty;
      return `${error.instancePath || '/'} ${error.message}${extra === undefined ? '' : ` (${extra})`}`;
    })
    .join('; ');
}

/** A function answering the problems of a value (none when it is valid), or the reason the schema does not compile. */
function validatorFor(ajv, schema) {
  if (schema === undefined) return { validate: undefined };
  try {
    const validate = ajv.compile(withoutParserKeys(schema));
    return { validate: (value) => (validate(value) ? [] : describeErrors(validate.errors).split('; ')) };
  } catch (error) {
    return { validate: undefined, problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Parses the contract. `problems` are the parser's diagnostics of error severity and every message example
 * that does not validate against its own message's schemas (the parser checks examples only for AsyncAPI 2).
 */
export async function loadEventContract(file = CONTRACT_FILE) {
  const { document, diagnostics } = await new Parser().parse(await readFile(file, 'utf8'), { source: file });
  const reports = diagnostics.map((diagnostic) => ({
    severity: SEVERITIES[diagnostic.severity] ?? String(diagnostic.severity),
    line: diagnostic.range ? diagnostic.range.start.line + 1 : undefined,
    text: `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path?.length ? diagnostic.path.join('.') : '(document)'}`,
  }));
  if (document === undefined) return { document, reports, messages: new Map(), schemas: new Map() };

  const ajv = compiler();
  const messages = new Map();
  for (const message of document.messages().all()) {
    const schemas = {
      payload: message.payload()?.json(),
      headers: message.headers()?.json(),
      key: message.bindings().get('kafka')?.value()?.key,
    };
    const validators = {};
    for (const [part, schema] of Object.entries(schemas)) {
      const { validate, problem } = validatorFor(ajv, schema);
      validators[part] = validate;
      if (problem !== undefined)
        reports.push({
          severity: 'error',
          line: undefined,
          text: `message ${message.id()}: ${part} schema: ${problem}`,
        });
    }
    messages.set(message.id(), validators);
    for (const example of message.examples().all()) {
      for (const part of ['payload', 'headers']) {
        const value = part === 'payload' ? example.payload() : example.headers();
        if (value === undefined || validators[part] === undefined) continue;
        const problems = validators[part](value);
        if (problems.length > 0)
          reports.push({
            severity: 'error',
            line: undefined,
            text: `example ${example.name() ?? '(unnamed)'} of message ${message.id()}: ${part} ${problems.join('; ')}`,
          });
      }
    }
  }
  const schemas = new Map(
    document
      .components()
      .schemas()
      .all()
      .map((schema) => [schema.id(), withoutParserKeys(schema.json())]),
  );
  return { document, reports, messages, schemas };
}
