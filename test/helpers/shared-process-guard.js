'use strict';
/**
 * The construct tests share two long-lived processes (jest-light-runner, jest.config.js), so a test file that changes
 * process-wide state and leaves it changed would change what every later file of its process runs under: an
 * environment variable such as CDK_DEBUG or CDK_VALIDATION alters what the CDK synthesizes and validates, fake timers
 * stop time. This guard (jest `setupFilesAfterEnv`, once per process) fails the file that leaves such a change behind,
 * at its top level or in a test, naming what it changed, and puts the state back so that the next file starts clean.
 * New globals are not judged: libraries create theirs lazily (aws-cdk-lib's token map), and removing one would break
 * them.
 *
 * How it finds a file's end without a per-file hook in the runner: the first describe, test or hook a file registers
 * (its module being loaded) adds a root `afterAll`; when that runs, it registers the check as the root's last
 * `afterAll`, after the file's own, so a file that restores its state in an `afterAll` passes.
 */
const GLOBALS_TO_WRAP = ['describe', 'fdescribe', 'xdescribe', 'test', 'it', 'fit', 'xit', 'xtest', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'];
const registerAfterAll = globalThis.afterAll;
/**
 * Environment variables libraries set for themselves when a test file first loads them, which no test sets: Powertools
 * for AWS Lambda records its user agent in AWS_SDK_UA_APP_ID.
 */
const SET_BY_LIBRARIES = new Set(['AWS_SDK_UA_APP_ID']);

/** What a file may change while it runs but must give back. */
function capture() {
  return {
    env: { ...process.env },
    cwd: process.cwd(),
    stackTraceLimit: Error.stackTraceLimit,
    Date: globalThis.Date,
    setTimeout: globalThis.setTimeout,
  };
}

/** Every difference between `before` and now, each as one line; and the state put back as it was, where it can be. */
function differencesAndRestore(before) {
  const found = [];
  const now = process.env;
  for (const name of new Set([...Object.keys(before.env), ...Object.keys(now)])) {
    if (before.env[name] !== now[name] && !SET_BY_LIBRARIES.has(name)) {
      found.push(`process.env.${name} is ${JSON.stringify(now[name])}, was ${JSON.stringify(before.env[name])}`);
      if (before.env[name] === undefined) {
        delete now[name];
      } else {
        now[name] = before.env[name];
      }
    }
  }
  if (process.cwd() !== before.cwd) {
    found.push(`the working directory is ${process.cwd()}, was ${before.cwd}`);
    process.chdir(before.cwd);
  }
  if (Error.stackTraceLimit !== before.stackTraceLimit) {
    found.push(`Error.stackTraceLimit is ${Error.stackTraceLimit}, was ${before.stackTraceLimit}`);
    Error.stackTraceLimit = before.stackTraceLimit;
  }
  if (globalThis.Date !== before.Date || globalThis.setTimeout !== before.setTimeout) {
    found.push('fake timers are still installed (call jest.useRealTimers())');
    globalThis.jest.useRealTimers();
  }
  return found;
}

/** The state every file starts from: as the process was set up, and as the guard puts it back after each file. */
const clean = capture();
let currentFile;

/** Called before anything a test file registers: the first call of each file arms the check for that file. */
function arm() {
  const file = globalThis.expect.getState().testPath;
  if (file === currentFile) {
    return;
  }
  currentFile = file;
  registerAfterAll(() => {
    registerAfterAll(() => {
      const found = differencesAndRestore(clean);
      if (found.length > 0) {
        throw new Error(
          `this test file left process-wide state changed, which the next test file of its process would run under (the construct tests share two processes: jest.config.js). Restore it in afterEach or afterAll:\n- ${found.join('\n- ')}`,
        );
      }
    });
  });
}

/** `fn`, and every function reachable from it as a property (test.each, describe.skip, ...), arming the check first. */
function armed(fn) {
  return new Proxy(fn, {
    apply(target, self, args) {
      arm();
      return Reflect.apply(target, self, args);
    },
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? armed(value) : value;
    },
  });
}

for (const name of GLOBALS_TO_WRAP) {
  if (typeof globalThis[name] === 'function') {
    globalThis[name] = armed(globalThis[name]);
  }
}
