import { describe, expect, it } from '@jest/globals';
import { classifyDatabaseFailure, describeDatabaseFailure } from './database-failure.js';

const pgError = (code: string, message: string, constraint?: string) =>
  Object.assign(new Error(message), { code, constraint });
const typeOrmWrapped = (driverError: Error) => Object.assign(new Error(driverError.message), { driverError });

describe('classifyDatabaseFailure', () => {
  it.each([
    [
      'a lone surrogate in jsonb (22P02)',
      pgError('22P02', 'Unicode low surrogate must follow a high surrogate'),
      'data',
    ],
    ['U+0000 in text (22021)', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), 'data'],
    ['numeric overflow (22003)', pgError('22003', 'numeric field overflow'), 'data'],
    ['a unique violation (23505)', pgError('23505', 'duplicate key value'), 'data'],
    ['a check violation (23514)', pgError('23514', 'new row violates check constraint'), 'data'],
    ['a value too large to index (54000)', pgError('54000', 'index row size exceeds maximum'), 'data'],
    [
      'a bug tripped by one message (TypeError)',
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      'data',
    ],
    [
      'the server shutting down (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
      'connection',
    ],
    [
      'a statement timeout (57014)',
      pgError('57014', 'canceling statement due to statement timeout'),
      'connection',
    ],
    ['a deadlock (40P01)', pgError('40P01', 'deadlock detected'), 'connection'],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already'), 'connection'],
    ['a disk full (53100)', pgError('53100', 'could not extend file'), 'connection'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      'connection',
    ],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), 'connection'],
    [
      'a prepared statement whose table changed under it (0A000)',
      pgError('0A000', 'cached plan must not change result type'),
      'connection',
    ],
    [
      'the same stale prepared statement from a server whose messages are in German (0A000)',
      Object.assign(pgError('0A000', 'zwischengespeicherter Plan darf den Ergebnistyp nicht ändern'), {
        routine: 'RevalidateCachedQuery',
      }),
      'connection',
    ],
    ['any other feature not supported (0A000)', pgError('0A000', 'unsupported Unicode escape'), 'data'],
    [
      'a pool that cannot connect in time',
      new Error('timeout exceeded when trying to connect'),
      'connection',
    ],
  ])('%s is a %s failure', (_case, error, kind) => {
    expect(classifyDatabaseFailure(error)).toBe(kind);
  });

  it('looks through TypeORM’s QueryFailedError to the driver’s SQLSTATE', () => {
    expect(
      classifyDatabaseFailure(typeOrmWrapped(pgError('22P02', 'invalid input syntax for type json'))),
    ).toBe('data');
    expect(classifyDatabaseFailure(typeOrmWrapped(pgError('08006', 'connection failure')))).toBe(
      'connection',
    );
    const staleInGerman = Object.assign(pgError('0A000', 'zwischengespeicherter Plan …'), {
      routine: 'RevalidateCachedQuery',
    });
    expect(classifyDatabaseFailure(typeOrmWrapped(staleInGerman))).toBe('connection');
  });
});

describe('describeDatabaseFailure', () => {
  it('names SQLSTATE, constraint and message, and never the parameters', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      driverError: pgError('23505', 'duplicate key value violates unique constraint', 'rejection_source_idx'),
      parameters: ['{"events":"' + 'x'.repeat(20000) + '"}'],
    });
    const line = describeDatabaseFailure(error);
    expect(line).toBe('23505 (rejection_source_idx) duplicate key value violates unique constraint');
  });

  it('is bounded whatever the message', () => {
    expect(describeDatabaseFailure(new Error('y'.repeat(10000)), 300)).toHaveLength(300);
  });
});
