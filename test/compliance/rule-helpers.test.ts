/**
 * The helpers the rules compare and index templates with (lib/compliance/rules/template.ts, memo.ts): hand-written,
 * so tested on their own. A wrong `sameJson` would let a changed policy pass; a stale memo would judge a mutant by
 * the template it was copied from.
 */
import { remembered, resourcesOfType } from '../../lib/compliance/rules/memo';
import { subnetReach } from '../../lib/compliance/rules/subnets';
import { hasKeyDeep, sameJson } from '../../lib/compliance/rules/template';

describe('sameJson: equal as CloudFormation reads JSON', () => {
  test.each([
    ['the same object with keys in another order', { a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 }, true],
    ['undefined members, which JSON drops', { a: 1, b: undefined }, { a: 1 }, true],
    ['arrays in another order', { a: [1, 2] }, { a: [2, 1] }, false],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['a missing key replaced by another', { a: 1, b: 2 }, { a: 1, c: 2 }, false],
    ['a number and its string', { a: 1 }, { a: '1' }, false],
    ['an array and an object with index keys', [1], { 0: 1 }, false],
    ['null and an empty object', null, {}, false],
    ['a nested change', { s: [{ Operation: { Deidentify: { MaskConfig: {} } } }] }, { s: [{ Operation: { Audit: { FindingsDestination: {} } } }] }, false],
  ])('GIVEN %s (%j, %j) THEN equal is %s', (_name, a, b, equal) => {
    expect(sameJson(a, b)).toBe(equal);
    expect(sameJson(b, a)).toBe(equal);
  });
});

describe('hasKeyDeep: a member name anywhere in a template', () => {
  test.each([
    ['at the top', { 'Fn::Transform': {} }, true],
    ['deep inside a list of objects', { a: [{ b: [1, { c: { 'Fn::Transform': { Name: 'AWS::Include' } } }] }] }, true],
    ['only as a string value', { a: 'Fn::Transform', b: ['Fn::Transform'] }, false],
    ['nowhere', { a: { b: [1, 2, null] } }, false],
    ['in nothing', undefined, false],
  ])('GIVEN the key %s (%j) THEN found is %s', (_where, value, found) => {
    expect(hasKeyDeep(value, 'Fn::Transform')).toBe(found);
  });
});

describe('memo: one judgement of one template', () => {
  const template = {
    Resources: {
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: {} },
      Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Subnet' }, RouteTableId: { Ref: 'Table' } } },
      Table: { Type: 'AWS::EC2::RouteTable', Properties: {} },
      Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'Nat' } } },
    },
  };

  test('GIVEN a memo THEN a value is computed once; GIVEN none THEN every time', () => {
    let calls = 0;
    const memo = new Map<string, unknown>();
    remembered({ memo }, 'k', () => ++calls);
    expect(remembered({ memo }, 'k', () => ++calls)).toBe(1);
    remembered({}, 'k', () => ++calls);
    remembered({}, 'k', () => ++calls);
    expect(calls).toBe(3);
  });

  test('GIVEN a template THEN resources of a type come in template order, and an absent type gives none', () => {
    expect(resourcesOfType({ template, memo: new Map() }, 'AWS::EC2::Route').map(([id]) => id)).toEqual(['Default']);
    expect(resourcesOfType({ template }, 'AWS::EC2::NatGateway')).toEqual([]);
  });

  test('GIVEN the template changed between two judgements THEN a fresh memo sees the change (nothing outlives its judgement)', () => {
    expect(subnetReach({ template, memo: new Map() }, { Ref: 'Subnet' })).toBe('egress');
    const changed = structuredClone(template) as any;
    changed.Resources.Default.Properties = { ...changed.Resources.Default.Properties, NatGatewayId: undefined, GatewayId: { Ref: 'Igw' } };
    expect(subnetReach({ template: changed, memo: new Map() }, { Ref: 'Subnet' })).toBe('public');
    expect(subnetReach({ template: changed }, { Ref: 'Subnet' })).toBe('public');
  });
});
