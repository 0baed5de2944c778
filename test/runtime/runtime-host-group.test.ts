import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TAG_KEYS } from '../../lib/naming';
import { RuntimeHostGroup } from '../../lib/runtime/runtime-host-group';
import { TenantStack } from '../../lib/stacks/tenant-stack';
import { resourcesOfType, testApp, tenantStackProps } from '../helpers/app';

describe('RuntimeHostGroup in a tenant stack', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack);
  const ids = {
    key: stack.resolve((stack.key.key.node.defaultChild as any).logicalId),
    bucket: stack.resolve((stack.bucket.bucket.node.defaultChild as any).logicalId),
    table: stack.resolve((stack.table.table.node.defaultChild as any).logicalId),
    runtimeSg: stack.resolve(stack.network.runtimeSecurityGroup.securityGroupId),
  };

  test('THEN the launch template requires IMDSv2 with hop limit 1, has no key pair and no public IP, and uses the runtime SG', () => {
    const lt = Object.values(resourcesOfType(template, 'AWS::EC2::LaunchTemplate'))[0].Properties!.LaunchTemplateData;
    expect(lt.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(lt.KeyName).toBeUndefined();
    expect(lt.NetworkInterfaces).toEqual([{ AssociatePublicIpAddress: false, DeviceIndex: 0, Groups: [ids.runtimeSg] }]);
  });

  test('THEN every EBS volume is encrypted with the tenant key', () => {
    const lt = Object.values(resourcesOfType(template, 'AWS::EC2::LaunchTemplate'))[0].Properties!.LaunchTemplateData;
    expect(lt.BlockDeviceMappings).toHaveLength(1);
    for (const mapping of lt.BlockDeviceMappings) {
      expect(mapping.Ebs).toEqual(expect.objectContaining({ Encrypted: true, KmsKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] } }));
    }
  });

  test('THEN the AMI is Amazon Linux 2023 from the public SSM parameter, resolved at deploy time', () => {
    const lt = Object.values(resourcesOfType(template, 'AWS::EC2::LaunchTemplate'))[0].Properties!.LaunchTemplateData;
    const param = (template.toJSON().Parameters as any)[lt.ImageId.Ref];
    expect(param.Type).toBe('AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
    expect(param.Default).toMatch(/^\/aws\/service\/ami-amazon-linux-latest\/al2023-ami-/);
  });

  test('THEN the group runs in the runtime subnets and carries the protection tag', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      VPCZoneIdentifier: [{ Ref: Match.stringLikeRegexp('RuntimeSubnet1') }, { Ref: Match.stringLikeRegexp('RuntimeSubnet2') }],
      MinSize: '1',
      MaxSize: '2',
      Tags: Match.arrayWith([{ Key: TAG_KEYS.protection, PropagateAtLaunch: true, Value: 'true' }]),
    });
  });

  test('THEN the instance role trusts EC2 and has the SSM core policy as its only managed policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
  });

  test("THEN the runtime role's grants name only this tenant's bucket, table, database instance (as the app user), key, plan verifier, active API key secret and its two runtime settings parameters, never '*' and never the master secret", () => {
    const roleId = stack.resolve((stack.runtime.role.node.defaultChild as any).logicalId);
    const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties!.Roles).includes(roleId));
    expect(policies).toHaveLength(1);
    const allowed = [ids.bucket, ids.table, ids.key, stack.resolve((stack.database.instance.node.defaultChild as any).logicalId), stack.resolve((stack.planVerifier.function.node.defaultChild as any).logicalId), stack.resolve((stack.apiKeys.activeSecret.node.defaultChild as any).logicalId),
      ...['ActiveApiKeySecretArn', 'TransientHours'].map((name) => stack.resolve((stack.node.findChild('RuntimeSettings').node.findChild(name).node.defaultChild as any).logicalId))];
    const secretRef = JSON.stringify(stack.resolve(stack.database.secret.secretArn));
    for (const statement of policies[0].Properties!.PolicyDocument.Statement) {
      for (const resource of [statement.Resource].flat()) {
        const text = JSON.stringify(resource);
        expect(text).not.toBe('"*"');
        expect(text).not.toBe(secretRef);
        expect(allowed.some((id) => id && text.includes(id))).toBe(true);
      }
    }
  });

  test('THEN the tenant key lets the Auto Scaling service-linked role use it only through EC2, and grant only to AWS resources', () => {
    const statements = Object.values(resourcesOfType(template, 'AWS::KMS::Key'))[0].Properties!.KeyPolicy.Statement;
    const use = statements.find((s: any) => s.Sid === 'AllowAutoScalingToUseKeyForRuntimeVolumes');
    expect(JSON.stringify(use.Principal)).toContain('aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
    expect(Object.keys(use.Condition.StringEquals).sort()).toEqual(['kms:CallerAccount', 'kms:ViaService']);
    const grant = statements.find((s: any) => s.Sid === 'AllowAutoScalingToGrantKeyToEc2');
    expect(grant.Action).toBe('kms:CreateGrant');
    expect(grant.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': true } });
  });
});

describe('RuntimeHostGroup props', () => {
  test.each([
    [{ min: 0 }, "'capacity.min' must be an integer in 1..20, got 0"],
    [{ max: 21 }, "'capacity.max' must be an integer in 1..20, got 21"],
    [{ min: 3, max: 2 }, "'capacity.min' must not exceed 'capacity.max' (2), got 3"],
    [{ min: 1.5 }, "'capacity.min' must be an integer in 1..20, got 1.5"],
  ])('GIVEN capacity %p THEN construction fails naming the field, the rule and the value', (capacity, message) => {
    const stack = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'Iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    expect(() => new RuntimeHostGroup(stack, 'R', { tenantId: 'acme', vpc, subnets: { subnetGroupName: 'Iso' }, securityGroup, encryptionKey: new kms.Key(stack, 'K'), capacity })).toThrow(message);
  });
});

describe('plan verifier in a tenant stack', () => {
  const stack = new TenantStack(testApp(), 'Tenant-acme', tenantStackProps({ id: 'acme', number: 0 }, { cidr: '10.0.0.0/16' }));
  const template = Template.fromStack(stack);

  test('THEN it runs in the runtime subnets with the JWKS URL and issuer read from the control plane SSM parameters', () => {
    const params = template.toJSON().Parameters as Record<string, { Default: string }>;
    const ref = (name: string) => ({ Ref: Object.keys(params).find((k) => params[k].Default === name) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TENANT_ID: 'acme', JWKS_URL: ref('/tenant-baseline/control-plane/jwks-url'), PLAN_ISSUER: ref('/tenant-baseline/control-plane/api-url') }) },
      VpcConfig: Match.objectLike({ SubnetIds: [{ Ref: Match.stringLikeRegexp('RuntimeSubnet1') }, { Ref: Match.stringLikeRegexp('RuntimeSubnet2') }] }),
    });
  });

  test('THEN only the runtime role may invoke it, by its exact ARN', () => {
    const fnId = stack.resolve((stack.planVerifier.function.node.defaultChild as any).logicalId);
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap((p) => p.Properties!.PolicyDocument.Statement);
    const invokes = statements.filter((s: any) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(invokes).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } })]);
  });
});
