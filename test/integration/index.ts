// The integration suite's entry: VS Code loads this module (bundled by scripts/build-tests.mjs) in
// the real extension host — Node or web worker — and calls run(), as it does for
// --extensionTestsPath. The test files use mocha's TDD interface (suite/test/suiteSetup) and are
// appended to the bundle after this module, so the globals set up here exist when they load.
import Mocha from 'mocha';
import * as vscode from 'vscode';

const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 20_000, color: false });
// What mocha.loadFiles() does before each file: define suite(), test(), … on the global object.
mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'integration', mocha);

/**
 * A --grep pattern: MOCHA_GREP in the Node host (@vscode/test-electron's extensionTestsEnv), or the
 * user setting integrationTests.grep that scripts/run-integration.mjs writes (the web-worker host
 * has no environment).
 */
function grepPattern(): string | undefined {
  const fromEnv = typeof process === 'object' ? process.env?.['MOCHA_GREP'] : undefined;
  const pattern = fromEnv || vscode.workspace.getConfiguration('integrationTests').get<string>('grep');
  return pattern ? pattern : undefined;
}

/** Which extension host loaded the suite: the runner checks it against the one it asked for. */
const HOST_KIND = typeof process === 'object' && process.versions?.node ? 'node' : 'web-worker';

export function run(): Promise<void> {
  console.log(`integration: running in the ${HOST_KIND} extension host`);
  const grep = grepPattern();
  if (grep) {
    console.log(`integration: only tests matching /${grep}/`);
    mocha.grep(grep);
  } else {
    // Suites tagged @restricted need an untrusted workspace (run-integration.mjs --restricted); the
    // others need a trusted one. The workbench's trust state picks which run here. @bench suites
    // measure speed and run only when asked for (npm run bench:vscode).
    const restricted = !vscode.workspace.isTrusted;
    console.log(`integration: workspace ${restricted ? 'untrusted: only @restricted suites' : 'trusted: all but @restricted and @bench suites'}`);
    if (restricted) mocha.grep('@restricted');
    else mocha.grep(/@restricted|@bench/).invert();
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (runner.total === 0)
          reject(new Error(grep ? `no integration test matches /${grep}/` : 'no integration tests'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
