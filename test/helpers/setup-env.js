// Loaded before every test file (jest `setupFiles`).
// The AWS SDK warns once per process that its releases after January 2027 need Node 22; this toolchain pins Node 20
// (see README), and the warning would repeat in every test worker's log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
