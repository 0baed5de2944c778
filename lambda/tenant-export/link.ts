import { GetObjectCommand, NoSuchKey, NotFound, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { EXPORT_LINK_SECONDS, exportObjectKeys, TenantExportLink } from '../../contracts/gdpr';
import type { ExportManifest } from './archive';

export interface LinkOptions {
  readonly s3: S3Client;
  readonly tenantId: string;
  readonly exportBucket: string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The object's text, or undefined when it does not exist. */
async function readText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString();
  } catch (error) {
    if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
    throw error;
  }
}

/**
 * The state of export `exportId` of this tenant, and when it is complete a pre-signed GET of its archive, valid
 * EXPORT_LINK_SECONDS at most (a link signed with the function's session credentials ends with them if they expire
 * sooner). Signed here, by the tenant's own export role, so the control plane never holds any right on tenant data.
 */
export async function exportLink(options: LinkOptions, exportId: string): Promise<TenantExportLink> {
  const { s3, exportBucket } = options;
  const keys = exportObjectKeys(exportId);
  const manifestText = await readText(s3, exportBucket, keys.manifest);
  if (manifestText === undefined) {
    const failure = await readText(s3, exportBucket, keys.failure);
    if (failure === undefined) return { state: 'NOT_FOUND' };
    const reason = (JSON.parse(failure) as { reason?: unknown }).reason;
    return { state: 'FAILED', reason: typeof reason === 'string' ? reason : 'EXPORT_FAILED' };
  }
  const manifest = JSON.parse(manifestText) as ExportManifest;
  if (manifest.tenantId !== options.tenantId || manifest.exportId !== exportId || !manifest.archive) {
    throw new Error(`manifest of export ${exportId} does not describe this tenant's export`);
  }
  const now = (options.now ?? (() => new Date()))();
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: exportBucket, Key: manifest.archive.key, ResponseContentDisposition: `attachment; filename="${options.tenantId}-export-${exportId}.tar"` }),
    { expiresIn: EXPORT_LINK_SECONDS },
  );
  return { state: 'READY', url, expiresAt: new Date(now.getTime() + EXPORT_LINK_SECONDS * 1000).toISOString(), bytes: manifest.archive.bytes, sha256: manifest.archive.sha256 };
}
