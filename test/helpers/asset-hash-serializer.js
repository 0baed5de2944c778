// Jest snapshot serializer: replaces asset hashes (64 hex characters) with a fixed marker, so editing a bundled handler
// or a CDK upgrade that changes an asset does not churn every stack's snapshot. Security properties are asserted by
// named tests, never by the snapshot alone.
const HASH = /[0-9a-f]{64}/g;
module.exports = {
  test: (value) => typeof value === 'string' && HASH.test(value) && ((HASH.lastIndex = 0), true),
  serialize: (value, config, indentation, depth, refs, printer) => printer(value.replace(HASH, '<asset-hash>'), config, indentation, depth, refs),
};
