import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';

/*
 * The kafkajs specs beside this one test the installed files. They would pass against the released kafkajs too
 * wherever behaviour is unchanged, so this checks that the installed files are the patched ones: `npm ci`
 * applies patches/kafkajs+2.2.4.patch at postinstall, and an install with --ignore-scripts does not.
 */

const requireFromHere = createRequire(import.meta.url);
const patch = readFileSync(new URL('../../../patches/kafkajs+2.2.4.patch', import.meta.url), 'utf8');

/** The lines the patch adds, per file it changes (paths inside the kafkajs package). */
function addedLinesPerFile(text: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    const header = /^\+\+\+ b\/node_modules\/kafkajs\/(.+)$/.exec(line);
    if (header) files.set(header[1]!, (current = []));
    else if (current && line.startsWith('+')) current.push(line.slice(1));
  }
  return files;
}

describe('the installed kafkajs', () => {
  const files = addedLinesPerFile(patch);

  it('is patched in each file the patch names', () => {
    expect([...files.keys()].sort()).toEqual([
      'src/network/requestQueue/index.js',
      'src/producer/groupMessagesPerPartition.js',
      'src/protocol/encoder.js',
      'src/protocol/recordBatch/crc32C/crc32C.js',
      'src/protocol/requests/produce/v3/request.js',
    ]);
    for (const [file, added] of files) {
      expect(added.length).toBeGreaterThan(0);
      const installed = readFileSync(requireFromHere.resolve(`kafkajs/${file}`), 'utf8');
      for (const line of added) expect(installed).toContain(line);
    }
  });
});
