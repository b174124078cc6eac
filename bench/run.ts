/**
 * `npm run bench -- NAME` runs bench/NAME.bench.ts at its full size. Each benchmark prints its
 * figures beside a baseline measured in the same run and ends with one JSON line (see the contract).
 */
import fs from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (NAME: ${available.join(', ') || 'none yet'})`);
  process.exit(2);
}

const benchmark = (await import(path.join(import.meta.dirname, `${name}.bench.ts`))) as {
  default: (args: string[]) => Promise<Record<string, unknown>>;
};
const figures = await benchmark.default(process.argv.slice(3));
console.log(JSON.stringify(figures));
process.exit(0);
