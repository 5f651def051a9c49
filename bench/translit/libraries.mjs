// Spells Cyrillic names by npm transliteration libraries, for bench/translit (never used by
// Berkut itself). One scheme per process: `node libraries.mjs SCHEME`, then one name a line on
// standard input, its spelling a line on standard output.
import * as readline from 'node:readline';

import { transliterate } from 'transliteration';
import sindresorhus from '@sindresorhus/transliterate';
import CyrillicToTranslit from 'cyrillic-to-translit-js';

const schemes = {
  'transliteration': (s) => transliterate(s),
  'sindresorhus-transliterate': (s) => sindresorhus(s),
  'cyrillic-to-translit-js/ru': (s) => new CyrillicToTranslit().transform(s),
  'cyrillic-to-translit-js/uk': (s) => new CyrillicToTranslit({ preset: 'uk' }).transform(s),
  'cyrillic-to-translit-js/mn': (s) => new CyrillicToTranslit({ preset: 'mn' }).transform(s),
};

const scheme = process.argv[2];
if (!(scheme in schemes)) {
  if (scheme === '--list') {
    console.log(Object.keys(schemes).join('\n'));
    process.exit(0);
  }
  console.error(`unknown scheme ${scheme}; --list names them`);
  process.exit(2);
}
const spell = schemes[scheme];
const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on('line', (line) => process.stdout.write(spell(line) + '\n'));
