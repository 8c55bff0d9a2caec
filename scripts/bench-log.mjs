// Writes a log of about N MB with 2% error lines (three providers' bodies) for `npm run bench`,
// without holding it in memory. Usage: node scripts/bench-log.mjs <file> <MB>
import { openSync, writeSync, closeSync } from 'node:fs';
const [file, mb] = [process.argv[2], Number(process.argv[3])];
const fd = openSync(file, 'w');
const errors = [
  '{"error":{"code":"rate_limited","message":"Too many requests.","retryable":true,"details":{"retry_after_seconds":42}}}',
  '{"success":false,"error":"insufficient_credits","message":"Out of credits","run_id":"run_1"}',
  '{"error":{"code":"session_already_completed","message":"The session has already reached a terminal state.","retryable":false,"details":{}}}',
];
let size = 0, i = 0;
while (size < mb * 1024 * 1024) {
  let block = '';
  for (let k = 0; k < 1000; k++, i++) {
    const t = `2026-11-02T10:${String((i / 60 | 0) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
    block += i % 50 === 0
      ? `${t} ERROR POST https://api.kynasmith.dev/api/movespecs -> 429 ${errors[(i / 50) % 3 | 0]}\n`
      : `${t} INFO  GET https://api.kynasmith.dev/api/usage?page=${i} -> 200 {"ok":true,"n":${i},"path":"/api/usage","items":[1,2,3],"took_ms":${i % 97}}\n`;
  }
  writeSync(fd, block);
  size += Buffer.byteLength(block);
}
closeSync(fd);
