// The floor `npm run bench` holds `api-errors explain --format jsonl` to: a node process that only
// splits a log into lines, JSON.parses the body of each error line and writes it back as one JSON line.
// Usage: node scripts/bench-baseline.mjs <log> <out.jsonl>
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
let rest = '';
let written = '';
for await (const chunk of createReadStream(input, { encoding: 'utf8' })) {
  const text = rest + chunk;
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
    const line = text.slice(start, end);
    if (!line.includes('"error"')) continue;
    written += JSON.stringify(JSON.parse(line.slice(line.indexOf('{')))) + '\n';
  }
  rest = text.slice(start);
  if (!out.write(written)) await once(out, 'drain');
  written = '';
}
out.end();
