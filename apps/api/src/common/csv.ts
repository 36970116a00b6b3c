import { once } from 'node:events';
import { applyDecorators, HttpStatus, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { ApiProblems } from './api-access.decorator.js';

/** Whether the client asked for CSV before JSON (`Accept: text/csv`). */
export function wantsCsv(accept: string | undefined): boolean {
  return (
    accept !== undefined && /(^|,)\s*text\/csv/i.test(accept) && !/(^|,)\s*application\/json/i.test(accept)
  );
}

export type CsvCell = string | number | boolean | null;

// A spreadsheet runs a cell starting with one of these as a formula; a leading apostrophe keeps it text
// (OWASP's advice on CSV injection). Numbers are written as numbers and never guarded.
const FORMULA_START = /^[=+\-@\t\r]/;

function guarded(cell: CsvCell): string | number {
  if (cell === null) return '';
  // csv-stringify writes true as 1 and false as an empty cell; a reader of the file should see the words.
  if (typeof cell === 'boolean') return String(cell);
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** CSV lines (RFC 4180 quoting by csv-stringify) for these rows; null is an empty cell, booleans true/false. */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map(guarded)));
}

/**
 * Streams CSV chunks as an attachment, waiting for the socket to drain so a large export never piles up in
 * memory, and stopping when the client goes away. A failure once the first line is out can no longer become a
 * Problem answer, so it cuts the connection: a truncated download must not look complete.
 */
export async function sendCsv(
  response: Response,
  filename: string,
  chunks: AsyncIterable<string>,
): Promise<void> {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) return;
      if (!response.write(chunk)) {
        await Promise.race([once(response, 'drain'), once(response, 'close')]);
      }
    }
    response.end();
  } catch (error) {
    if (!response.headersSent) throw error;
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * An operation answering `type` as JSON, or CSV with `Accept: text/csv`; `csv` describes the columns and
 * `example` shows a header line and a row.
 */
export function ApiJsonOrCsv(
  type: Type<unknown>,
  csv: { description: string; example: string },
  ...problems: HttpStatus[]
) {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description: `JSON by default; CSV (an attachment, every matching row) with \`Accept: text/csv\`: ${csv.description}`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string' }, example: csv.example },
      },
    }),
    ApiProblems(...problems),
  );
}
