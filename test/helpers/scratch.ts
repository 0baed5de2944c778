import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary directories for one test file, removed when its tests are done (jest `afterAll`), so that a run leaves
 * nothing in the system's temporary directory: a synthesized platform or a Control Tower run is tens to hundreds of
 * megabytes, and a developer runs the suite many times a day. Call it at the top of a file or a describe block; the
 * function it returns makes a new directory (`mkdtemp` with the given prefix) and may be called anywhere, tests
 * included. `KEEP_TEST_DIRS=1` keeps them, to look at what a failing test wrote.
 */
export function scratchDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    if (process.env.KEEP_TEST_DIRS === '1') {
      return;
    }
    for (const dir of made.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
