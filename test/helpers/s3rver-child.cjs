// Runs s3rver (an S3-compatible server) on 127.0.0.1 at a free port in the directory given as the first argument and
// prints {"port": N} once it listens. Started by test/helpers/s3-server.ts with --openssl-legacy-provider: s3rver's
// ListObjectsV2 continuation tokens use DES, which OpenSSL 3 keeps in its legacy provider.
const S3rver = require('s3rver');

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] });
server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    process.stderr.write(`s3rver did not start: ${error}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
