/**
 * Why the verifiers do not use jose's jwtVerify: its cost against a raw node:crypto signature check, for RS256 (the
 * admin authorizer) and ES256 (the plan verifier), in the same run. The issue-16 targets are >= 0.7x raw.
 *   node bench/jose-verify.mjs
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createPublicKey, verify } from 'node:crypto';
for (const alg of ['RS256', 'ES256']) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg, use: 'sig' };
  const jwks = createLocalJWKSet({ keys: [jwk] });
  const token = await new SignJWT({ sub: 'x', groups: ['platform-admins'] }).setProtectedHeader({ alg, kid: 'k1' }).setIssuedAt().setExpirationTime('1h').setIssuer('i').setAudience('a').sign(privateKey);
  const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
  const [h, p, s] = token.split('.');
  const input = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  const N = alg === 'RS256' ? 20000 : 5000;
  const raw = () => { const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) alg === 'ES256' ? verify('sha256', input, { key: keyObject, dsaEncoding: 'ieee-p1363' }, sig) : verify('sha256', input, keyObject, sig); return Number(process.hrtime.bigint() - t) / N; };
  const viaJose = async () => { const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) await jwtVerify(token, jwks, { issuer: 'i', audience: 'a', algorithms: [alg] }); return Number(process.hrtime.bigint() - t) / N; };
  raw(); await viaJose();
  const r = [], j = [];
  for (let k = 0; k < 5; k++) { r.push(raw()); j.push(await viaJose()); }
  const med = (a) => a.sort((x, y) => x - y)[2];
  console.log(alg, 'raw ns/op', med(r).toFixed(0), 'jose ns/op', med(j).toFixed(0), 'ratio(raw/jose)', (med(r) / med(j)).toFixed(2));
}
