'use strict';
/**
 * The construct tests share two long-lived processes (jest-light-runner, jest.config.js), so a test file that changes
 * process-wide state and leaves it changed would change what every later file of its process runs under: an
 * environment variable such as CDK_DEBUG or CDK_VALIDATION alters what the CDK synthesizes and validates, fake timers
 * stop time. This guard (jest `setupFilesAfterEnv`, once per process) fails the file that leaves such a change behind,
 * at its top level or in a test, naming what it changed, and puts the state back so that the next file starts clean.
 * What it judges: the environment, the working directory, Error.stackTraceLimit and the timer globals. New globals are
 * not judged: libraries create theirs lazily (aws-cdk-lib's token map), and removing one would break them.
 *
 * How it finds a file's end without a per-file hook in the runner: the first describe, test or hook a file registers
 * (its module being loaded) adds a root `afterAll`; when that runs, it registers the check as the root's last
 * `afterAll`, after the file's own, so a file that restores its state in an `afterAll` passes. A file that fails to
 * load runs no hook, so what it changed is found at the end of the next file: each change already there when that
 * file registered its first test says so (set by the file's own top level, or left by a file that failed to load).
 */
const GLOBALS_TO_WRAP = ['describe', 'fdescribe', 'xdescribe', 'test', 'it', 'fit', 'xit', 'xtest', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'];
const TIMER_GLOBALS = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask'];
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
    timers: Object.fromEntries(TIMER_GLOBALS.map((name) => [name, globalThis[name]])),
  };
}

/** Each difference between `before` and now, with the code that puts it back. */
function differences(before) {
  const found = [];
  const env = process.env;
  for (const name of new Set([...Object.keys(before.env), ...Object.keys(env)])) {
    if (before.env[name] !== env[name] && !SET_BY_LIBRARIES.has(name)) {
      found.push({
        key: `env ${name}`,
        text: `process.env.${name} is ${JSON.stringify(env[name])}, was ${JSON.stringify(before.env[name])}`,
        restore: () => (before.env[name] === undefined ? delete env[name] : (env[name] = before.env[name])),
      });
    }
  }
  if (process.cwd() !== before.cwd) {
    found.push({ key: 'cwd', text: `the working directory is ${process.cwd()}, was ${before.cwd}`, restore: () => process.chdir(before.cwd) });
  }
  if (Error.stackTraceLimit !== before.stackTraceLimit) {
    found.push({ key: 'stackTraceLimit', text: `Error.stackTraceLimit is ${Error.stackTraceLimit}, was ${before.stackTraceLimit}`, restore: () => (Error.stackTraceLimit = before.stackTraceLimit) });
  }
  const replaced = TIMER_GLOBALS.filter((name) => globalThis[name] !== before.timers[name]);
  if (replaced.length > 0) {
    found.push({
      key: 'timers',
      text: `timer globals are replaced (${replaced.join(', ')}): fake timers still installed (call jest.useRealTimers())`,
      restore: () => {
        globalThis.jest.useRealTimers();
        for (const name of replaced) {
          globalThis[name] = before.timers[name];
        }
      },
    });
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
  const atStart = new Set(differences(clean).map((d) => d.key));
  registerAfterAll(() => {
    registerAfterAll(() => {
      const found = differences(clean);
      for (const difference of found) {
        difference.restore();
      }
      if (found.length > 0) {
        const lines = found.map((d) => (atStart.has(d.key) ? `${d.text} (already so when this file registered its first test: set by its top level, or left by a test file before it that failed to load)` : d.text));
        throw new Error(
          `this test file left process-wide state changed, which the next test file of its process would run under (the construct tests share two processes: jest.config.js). Restore it in afterEach or afterAll:\n- ${lines.join('\n- ')}`,
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
