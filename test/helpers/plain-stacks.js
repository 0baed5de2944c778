'use strict';
/**
 * Stack traces captured into plain objects skip jest's source-map formatter; errors keep it.
 *
 * aws-cdk-lib records a stack trace with every acknowledgement (`Validations.of(x).acknowledge` ->
 * `recordAcknowledgment` -> `enhancedStackTrace`, no switch to turn it off) and renders it at once: `const obj = {};
 * Error.captureStackTrace(obj, fn); obj.stack`. Under jest, reading `stack` runs jest's formatter (installed as the
 * worker's `Error.prepareStackTrace`), which clones and source-maps every frame: ~8 s of CPU over npm test for traces
 * that only go into construct metadata. This formats such a capture as V8 does by default, without source maps.
 *
 * Only when jest's own formatter is the one installed, and only for something that is not an error: any
 * `Error` (of any realm) is formatted by jest exactly as before, so a failing test's stack still points into the
 * TypeScript sources; and a formatter someone else installs (e.g. to read structured frames) sees every capture.
 */
const JEST_FORMATTER = 'bound formatStackTrace';

const isError = (value) => Object.prototype.toString.call(value) === '[object Error]';

/** V8's default rendering: the header, then one `at` line per frame. */
function plainFormat(object, frames) {
  const name = object != null && object.name != null ? object.name : 'Error';
  const message = object != null && object.message != null ? object.message : '';
  return `${name}: ${message}` + frames.map((frame) => `\n    at ${frame}`).join('');
}

/**
 * Makes `Error.prepareStackTrace` of this realm read as a wrapper while jest's formatter is installed: the wrapper
 * applies plainFormat to plain-object captures and hands everything else to jest's formatter. Any other formatter
 * reads and runs as itself, and assigning the wrapper back (code that saved and restores the formatter) restores
 * jest's.
 */
function installPlainStacks(ErrorConstructor = Error) {
  if (Object.getOwnPropertyDescriptor(ErrorConstructor, 'prepareStackTrace')?.get?.plainStacks) {
    return;
  }
  let current = ErrorConstructor.prepareStackTrace;
  let jestFormatter;
  function prepareStackTrace(error, frames) {
    return isError(error) ? jestFormatter(error, frames) : plainFormat(error, frames);
  }
  const isJest = (value) => typeof value === 'function' && value.name === JEST_FORMATTER;
  const get = () => {
    if (isJest(current)) {
      jestFormatter = current;
      return prepareStackTrace;
    }
    return current;
  };
  get.plainStacks = true;
  Object.defineProperty(ErrorConstructor, 'prepareStackTrace', {
    configurable: true,
    enumerable: false,
    get,
    set(value) {
      current = value === prepareStackTrace ? jestFormatter : value;
    },
  });
}

module.exports = { installPlainStacks, plainFormat, JEST_FORMATTER };
