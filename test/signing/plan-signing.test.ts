import { Match, Template } from 'aws-cdk-lib/assertions';
import { ROLE_ROUTES } from '../../lambda/admin-authorizer/permissions';
import { validatePlatformConfig } from '../../lib/config/platform-config';
import { CONTROL_PLANE_PARAMETERS } from '../../contracts/ssm-parameters';
import { resourcesOfType, TEST_SUBSCRIPTIONS } from '../helpers/app';
import { controlPlaneOf } from '../helpers/platform-parts';

const IDP = { jwksUrl: 'https://idp.example.com/jwks', issuer: 'https://idp.example.com/', audience: 'cp' };
function controlPlane(planSigning?: unknown) {
  const config = validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', identityProvider: IDP, ...(planSigning ? { planSigning } : {}) }, tenants: [{ id: 'acme', number: 0 }] });
  const stack = controlPlaneOf(config);
  return { stack, template: Template.fromStack(stack) };
}
const roleOf = (template: Template, service: string) =>
  Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).find(([, f]) => f.Properties!.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)![1].Properties!.Role['Fn::GetAtt'][0];

describe('plan-signing keys', () => {
  const { template } = controlPlane();
  const signingKeys = Object.entries(resourcesOfType(template, 'AWS::KMS::Key')).filter(([, k]) => k.Properties!.KeySpec === 'ECC_NIST_P256');

  test('THEN there is one asymmetric P-256 SIGN_VERIFY key, retained, under its alias', () => {
    expect(signingKeys).toHaveLength(1);
    expect(signingKeys[0][1].Properties!.KeyUsage).toBe('SIGN_VERIFY');
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256' }), DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tenant-baseline/plan-signing/initial' });
  });

  test("THEN only the signer's role may Sign, only the signer and JWKS roles may read the public key, and root may neither", () => {
    const statements = signingKeys[0][1].Properties!.KeyPolicy.Statement as any[];
    const who = (action: string) =>
      statements.filter((s) => [s.Action].flat().some((a: string) => a === action || a === 'kms:*' || (a.endsWith('*') && action.startsWith(a.slice(0, -1))))).map((s) => JSON.stringify(s.Principal));
    expect(who('kms:Sign')).toEqual([expect.stringContaining(roleOf(template, 'plan-signer'))]);
    const readers = who('kms:GetPublicKey');
    expect(readers).toHaveLength(2);
    expect(readers.some((p) => p.includes(roleOf(template, 'plan-signer')))).toBe(true);
    expect(readers.some((p) => p.includes(roleOf(template, 'jwks')))).toBe(true);
    const root = statements.find((s) => s.Sid === 'AccountRootAdministersButDoesNotSign');
    expect(JSON.stringify(root.Principal)).toContain(':root');
    expect(statements.find((s) => s.Sid === 'OnlyTheSignerSigns').Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } });
  });
});

describe('plan routes', () => {
  const { template } = controlPlane();

  test('THEN POST /tenants/{tenantId}/plans is guarded by the authorizer and validates its body; only deployer and admin may call it', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'CUSTOM',
      RequestValidatorId: Match.anyValue(),
      RequestModels: { 'application/json': Match.anyValue() },
      RequestParameters: { 'method.request.path.tenantId': true },
    });
    const canPost = (role: keyof typeof ROLE_ROUTES) => ROLE_ROUTES[role].some((r) => (r.method === 'POST' || r.method === '*') && (r.path === 'tenants/*/plans' || r.path === '*'));
    expect({ viewer: canPost('viewer'), deployer: canPost('deployer'), ops: canPost('ops'), admin: canPost('admin') }).toEqual({ viewer: false, deployer: true, ops: false, admin: true });
  });

  test('THEN the signer gets the issuer, the tenants and the body limit, and the control plane publishes its URLs in SSM', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'plan-signer', TENANT_IDS: 'acme', MAX_PLAN_BYTES: '8192', PLAN_ISSUER: Match.anyValue(), SIGNING_KEY_ID: Match.anyValue() }) },
    });
    for (const name of Object.values(CONTROL_PLANE_PARAMETERS)) {
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: name });
    }
  });
});

describe('rotation by configuration', () => {
  test('GIVEN two keys with the new one active THEN the signer uses it and the JWKS publishes it first, then the old one', () => {
    const { template } = controlPlane({ keys: ['2026-11', '2027-05'], active: '2027-05' });
    const keys = Object.entries(resourcesOfType(template, 'AWS::KMS::Key')).filter(([, k]) => k.Properties!.KeySpec === 'ECC_NIST_P256');
    expect(keys).toHaveLength(2);
    const idOf = (name: string) => keys.find(([id]) => id.includes(name.replace('-', '')))![0];
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'plan-signer', SIGNING_KEY_ID: { 'Fn::GetAtt': [idOf('2027-05'), 'Arn'] } }) } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'jwks', SIGNING_KEY_IDS: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf('2027-05'), 'Arn'] }, ',', { 'Fn::GetAtt': [idOf('2026-11'), 'Arn'] }]] } }) },
    });
  });

  test.each([
    [{ keys: [], active: 'a' }, "'controlPlane.planSigning.keys' must be one or two distinct key names"],
    [{ keys: ['a', 'b', 'c'], active: 'a' }, "'controlPlane.planSigning.keys' must be one or two distinct key names"],
    [{ keys: ['a', 'a'], active: 'a' }, "'controlPlane.planSigning.keys' must be one or two distinct key names"],
    [{ keys: ['a'], active: 'b' }, "'controlPlane.planSigning.active' must name one of the keys (a), got \"b\""],
  ])('GIVEN %p THEN the configuration is refused', (planSigning, message) => {
    expect(() => validatePlatformConfig({ accountBaseline: { subscriptions: TEST_SUBSCRIPTIONS }, controlPlane: { cidr: '10.0.0.0/16', planSigning }, tenants: [] })).toThrow(message);
  });
});
