/** Small templates for the Control Tower engine tests: a bucket, a security group, a key and a database. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PAB = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

/** A bucket, a security group, a key and a database: broken (`open`) or configured as the controls ask. */
export function resources(open: boolean) {
  return {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: open ? {} : { PublicAccessBlockConfiguration: PAB, VersioningConfiguration: { Status: 'Enabled' } } },
    Group: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'g', VpcId: 'vpc-1', SecurityGroupIngress: [{ IpProtocol: open ? '-1' : 'tcp', FromPort: 443, ToPort: 443, CidrIp: open ? '0.0.0.0/0' : '10.0.0.0/16' }] },
    },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: !open, KeyPolicy: { Version: '2012-10-17', Statement: [] } } },
    Database: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', PubliclyAccessible: open, StorageEncrypted: !open } },
  };
}

export function templateFile(dir: string, name: string, open: boolean): string {
  const path = join(dir, `${name}.template.json`);
  const withMetadata = Object.fromEntries(Object.entries(resources(open)).map(([id, r]) => [id, { ...r, Metadata: { 'aws:cdk:path': `${name}/${id}` } }]));
  writeFileSync(path, JSON.stringify({ Resources: withMetadata }));
  return path;
}

