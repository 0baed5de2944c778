import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { AttributeValue, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { pack as tarPack, Pack } from 'tar-stream';
import { exportObjectKeys } from '../../contracts/gdpr';

/** One tenant's stores and where its exports go: the export function's configuration, all of one tenant. */
export interface TenantStores {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly tenantId: string;
  readonly tableName: string;
  readonly dataBucket: string;
  readonly exportBucket: string;
  /** The tenant key: every object written to the export bucket names it (SSE-KMS). */
  readonly keyArn: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Items or objects per listing page (Scan's Limit, ListObjectsV2's MaxKeys). @default - the service's page size */
  readonly pageSize?: number;
  /** @default ITEMS_FILE_BYTES */
  readonly itemsFileBytes?: number;
}

/** One file of the archive: its name in the archive, where it came from, its size and SHA-256. */
export interface ManifestEntry {
  readonly name: string;
  readonly source: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What an export holds, written into the archive (last) and beside it (`manifest.json`, which marks it complete). */
export interface ExportManifest {
  readonly tenantId: string;
  readonly exportId: string;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly entries: readonly ManifestEntry[];
  readonly tableItems: number;
  readonly objects: number;
  /** What the archive does not hold, said in it so nobody takes it for everything. */
  readonly notIncluded: readonly string[];
  /** The archive's own size and SHA-256 (in `manifest.json` only: the archive cannot hold its own hash). */
  readonly archive?: { readonly key: string; readonly bytes: number; readonly sha256: string };
}

/** Table items per archive file: each `table/items-NNNNN.jsonl` stays under this many bytes (bounded memory). */
export const ITEMS_FILE_BYTES = 8 * 1024 * 1024;

export const NOT_INCLUDED = [
  'database: the tenant database is not in this archive; export it with the application or an RDS snapshot export (docs/data-protection.md)',
  'noncurrent object versions: only the current version of each object is exported',
];

/**
 * The archive name of object `key`: one flat file per object, the key percent-encoded, so no key (`../x`, `/etc/x`,
 * `a//b`) can name a path outside the archive's `objects/` directory when it is extracted. The manifest maps every
 * name back to its key.
 */
export const objectEntryName = (key: string) => `objects/${encodeURIComponent(key).replace(/\./g, '%2E')}`;

/** A table item as JSON: DynamoDB's own typed form, binary values in base64, so nothing is lost or re-typed. */
export function itemJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(itemJson);
  if (value instanceof Set) return [...value].map(itemJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, itemJson(v)]));
  return value;
}

/**
 * Resolves when `stream` drains or closes, and leaves no listener behind either way (a `once` for each event would
 * leave the other one on the stream at every wait: eleven waits in one entry made Node warn of a leak).
 */
export function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Writes one file into the archive from `chunks`, with backpressure, and returns its SHA-256. */
async function writeEntry(pack: Pack, name: string, size: number, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, mtime: Date): Promise<string> {
  const hash = createHash('sha256');
  let written = 0;
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name, size, mtime, mode: 0o600 }, (error) => (error ? reject(error) : resolve()));
    (async () => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        written += chunk.byteLength;
        if (!entry.write(chunk)) await drained(entry);
      }
      entry.end(() => undefined);
    })().catch((error) => {
      entry.destroy(error);
      reject(error);
    });
  });
  if (written !== size) throw new Error(`archive entry ${name}: expected ${size} bytes, read ${written}`);
  return hash.digest('hex');
}

/**
 * Builds one export of the tenant: every item of its table (consistent scan, all pages) and the current version of
 * every object of its bucket (all pages) into one tar archive streamed to the export bucket under the tenant key,
 * then `manifest.json` beside it. The manifest is written last and only on success, so its presence is what makes an
 * export READY; an export whose manifest exists is never built again (a retried invocation changes nothing).
 */
export async function exportTenant(stores: TenantStores, exportId: string, requestedBy: string): Promise<ExportManifest> {
  const keys = exportObjectKeys(exportId);
  const createdAt = (stores.now ?? (() => new Date()))();
  const sse = { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: stores.keyArn, BucketKeyEnabled: true };
  const pack = tarPack();
  const archiveHash = createHash('sha256');
  let archiveBytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      archiveHash.update(chunk);
      archiveBytes += chunk.length;
      done(null, chunk);
    },
  });
  const upload = new Upload({ client: stores.s3, params: { Bucket: stores.exportBucket, Key: keys.archive, Body: pack.pipe(hashing), ContentType: 'application/x-tar', ...sse }, queueSize: 2, partSize: 8 * 1024 * 1024 });
  // A failed upload stops reading the archive: destroying it ends the entry being written, so nothing waits forever.
  const uploaded = upload.done();
  uploaded.catch((error: Error) => pack.destroy(error));
  pack.on('error', () => undefined); // every failure is rethrown below; the stream's own event would be unhandled
  hashing.on('error', () => undefined);

  const entries: ManifestEntry[] = [];
  let tableItems = 0;
  let objects = 0;
  let inArchive: ExportManifest;
  try {
    let lines: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      const name = `table/items-${String(entries.filter((e) => e.name.startsWith('table/')).length + 1).padStart(5, '0')}.jsonl`;
      entries.push({ name, source: `dynamodb:${stores.tableName}`, bytes: size, sha256: await writeEntry(pack, name, size, lines, createdAt) });
      lines = [];
      size = 0;
    };
    for await (const page of paginateScan({ client: stores.dynamodb, ...(stores.pageSize ? { pageSize: stores.pageSize } : {}) }, { TableName: stores.tableName, ConsistentRead: true })) {
      for (const item of page.Items ?? []) {
        const line = Buffer.from(`${JSON.stringify(itemJson(item as Record<string, AttributeValue>))}\n`);
        if (size > 0 && size + line.length > (stores.itemsFileBytes ?? ITEMS_FILE_BYTES)) await flush();
        lines.push(line);
        size += line.length;
        tableItems += 1;
      }
    }
    if (size > 0) await flush();

    for await (const page of paginateListObjectsV2({ client: stores.s3, ...(stores.pageSize ? { pageSize: stores.pageSize } : {}) }, { Bucket: stores.dataBucket })) {
      for (const listed of page.Contents ?? []) {
        const key = listed.Key!;
        const object = await stores.s3.send(new GetObjectCommand({ Bucket: stores.dataBucket, Key: key }));
        const name = objectEntryName(key);
        const bytes = Number(object.ContentLength ?? 0);
        const sha256 = await writeEntry(pack, name, bytes, object.Body as AsyncIterable<Uint8Array>, object.LastModified ?? createdAt);
        entries.push({ name, source: `s3://${stores.dataBucket}/${key}`, bytes, sha256 });
        objects += 1;
      }
    }
    inArchive = { tenantId: stores.tenantId, exportId, requestedBy, createdAt: createdAt.toISOString(), entries, tableItems, objects, notIncluded: NOT_INCLUDED };
    const body = Buffer.from(JSON.stringify(inArchive, null, 2));
    await writeEntry(pack, 'manifest.json', body.length, [body], createdAt);
    pack.finalize();
  } catch (error) {
    // Abort first, so the multipart upload can never be completed from a truncated archive.
    await upload.abort().catch(() => undefined);
    hashing.destroy(error as Error);
    pack.destroy(error as Error);
    throw error;
  }
  await uploaded;
  // The archive's own manifest, plus what only the finished archive can say: its size and hash.
  const manifest: ExportManifest = { ...inArchive, archive: { key: keys.archive, bytes: archiveBytes, sha256: archiveHash.digest('hex') } };
  await stores.s3.send(new PutObjectCommand({ Bucket: stores.exportBucket, Key: keys.manifest, Body: JSON.stringify(manifest, null, 2), ContentType: 'application/json', ...sse }));
  return manifest;
}
