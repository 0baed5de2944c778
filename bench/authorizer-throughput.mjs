// Child of bench/authorizer.mjs: measures decisions per second of the bundled handler against raw crypto.verify.
// argv: <bundle path> <result file>. Stdout is discarded by the parent (the handler's log lines go there).
import { createPublicKey, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ratio } from './lib/rate.mjs';

const [bundlePath, resultFile] = process.argv.slice(2);
// Ten alternating rounds of 300 ms each for raw and handler (6 s in all, as the two 3 s loops before).
const ROUNDS = 10;
const ROUND_MS = 300;

const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

process.env.JWKS_URL = `http://127.0.0.1:${port}/jwks.json`;
process.env.TOKEN_ISSUER = 'https://idp.example.com/';
process.env.TOKEN_AUDIENCE = 'control-plane-admin';
const now = Math.floor(Date.now() / 1000);
// amr and auth_time: the authorizer requires a second factor and a recent authentication by default.
const token = await new SignJWT({ sub: 'bench', email: 'bench@example.com', email_verified: true, user_groups: ['platform-deployers'], amr: ['pwd', 'mfa'], auth_time: now - 60 })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
  .setIssuer(process.env.TOKEN_ISSUER)
  .setAudience(process.env.TOKEN_AUDIENCE)
  .setIssuedAt(now)
  .setExpirationTime(now + 3600)
  .sign(privateKey);

const { handler } = createRequire(import.meta.url)(bundlePath);
const event = { type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn: 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/tenants' };
const warm = await handler(event); // fills the JWKS cache
if (warm.policyDocument.Statement[0].Effect !== 'Allow') throw new Error('bench token was not accepted');


const key = createPublicKey({ key: jwk, format: 'jwk' });
const [h, p, s] = token.split('.');
const signingInput = Buffer.from(`${h}.${p}`);
const signature = Buffer.from(s, 'base64url');
const raw = () => {
  if (!verify('RSA-SHA256', signingInput, key, signature)) throw new Error('raw verify failed');
};

const measured = await ratio(() => handler(event), raw, { rounds: ROUNDS, roundMs: ROUND_MS });
writeFileSync(resultFile, JSON.stringify({ handlerPerSecond: measured.subjectPerSecond, rawPerSecond: measured.baselinePerSecond, ratio: measured.ratio, rounds: ROUNDS, roundMs: ROUND_MS }));
server.close();
