import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The hardening every bucket of the platform shares, in one place: all four Block Public Access settings, a policy
 * that denies plain HTTP and TLS below 1.2, versioning, and object ownership enforced (ACLs disabled). Constructs add
 * encryption, logging, lifecycle and retention on top.
 */
export const HARDENED_BUCKET: Readonly<Pick<s3.BucketProps, 'blockPublicAccess' | 'enforceSSL' | 'minimumTLSVersion' | 'versioned' | 'objectOwnership'>> = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};
