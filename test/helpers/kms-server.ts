import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A faithful KMS double for asymmetric ECC_NIST_P256 keys: a real HTTP server on 127.0.0.1 speaking the KMS JSON
 * protocol (`X-Amz-Target: TrentService.<Op>`, `application/x-amz-json-1.1`), reached by the real AWS SDK client
 * through its `endpoint` setting. Sign and GetPublicKey run real node:crypto P-256 operations and answer exactly what
 * KMS answers: a DER ECDSA signature, an SPKI DER public key, KeySpec, KeyUsage and SigningAlgorithms. It counts calls
 * per operation so tests can prove "exactly one Sign per plan", and refuses what KMS refuses (wrong algorithm, a RAW
 * message over 4096 bytes, an unknown key).
 */
export class KmsServer {
  public readonly calls: Record<string, number> = {};
  private readonly keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
  private server?: Server;

  /** Creates a P-256 signing key and returns its ARN. */
  addKey(): string {
    const id = createHash('sha256').update(String(this.keys.size) + Math.random()).digest('hex').slice(0, 32);
    const arn = `arn:aws:kms:eu-west-1:111122223333:key/${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    this.keys.set(arn, generateKeyPairSync('ec', { namedCurve: 'P-256' }));
    return arn;
  }

  publicKeyOf(arn: string): KeyObject {
    return this.keys.get(arn)!.publicKey;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
      this.calls[op] = (this.calls[op] ?? 0) + 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const reply = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(payload));
      const key = this.keys.get(body.KeyId);
      if (!key) {
        reply(400, { __type: 'NotFoundException', message: `Key '${body.KeyId}' does not exist` });
        return;
      }
      if (op === 'GetPublicKey') {
        reply(200, {
          KeyId: body.KeyId,
          PublicKey: key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['ECDSA_SHA_256'],
        });
        return;
      }
      if (op === 'Sign') {
        const message = Buffer.from(body.Message ?? '', 'base64');
        if (body.SigningAlgorithm !== 'ECDSA_SHA_256') {
          reply(400, { __type: 'InvalidKeyUsageException', message: `Algorithm ${body.SigningAlgorithm} is not supported by this key` });
          return;
        }
        if ((body.MessageType ?? 'RAW') === 'RAW' && message.length > 4096) {
          reply(400, { __type: 'ValidationException', message: 'Message must be at most 4096 bytes for MessageType RAW' });
          return;
        }
        const signature = sign('sha256', message, key.privateKey); // DER, as KMS returns it
        reply(200, { KeyId: body.KeyId, Signature: signature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
        return;
      }
      reply(400, { __type: 'UnsupportedOperationException', message: `${op} is not implemented by the test double` });
    });
  }
}
