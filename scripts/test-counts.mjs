// How many tests a suite's output says passed and failed, whichever runner wrote it.

/** node:test (TAP: `# pass 12`, spec: `ℹ pass 12`) and our launchers' closing `N passed, N failed` line. */
const PATTERNS = [{ pass: /^(?:# |ℹ )pass (\d+)\s*$/gm, fail: /^(?:# |ℹ )fail (\d+)\s*$/gm }];
const CLOSING = /^\S[^\n]*?: (\d+) passed, (\d+) failed\s*$/gm;

const last = (re, text) => {
  let value;
  for (const m of text.matchAll(re)) value = Number(m[1]);
  return value;
};

/**
 * The counts of the last summary in the output; a step without tests (a build, a type check) counts
 * as one check. A non-zero exit with no failure counted (a crash, a timeout) counts as one failure.
 */
export function countsOf(text, exitCode) {
  let passed;
  let failed;
  const closing = [...text.matchAll(CLOSING)].at(-1);
  if (closing) {
    passed = Number(closing[1]);
    failed = Number(closing[2]);
  } else {
    for (const { pass, fail } of PATTERNS) {
      const p = last(pass, text);
      if (p === undefined) continue;
      passed = p;
      failed = last(fail, text) ?? 0;
    }
  }
  if (passed === undefined)
    return exitCode === 0 ? { passed: 1, failed: 0, checks: true } : { passed: 0, failed: 1, checks: true };
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, checks: false };
}
