import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { decide, HubTables, Observation, ObservedAttachment, PlannedAttachment } from '../../lambda/attachment-acceptor/decide';
import { createHandler, parsePlannedAttachments } from '../../lambda/attachment-acceptor/handler';
import { apply, observe } from '../../lambda/attachment-acceptor/hub-api';

const HUB = '111111111111';
const TENANT_ACCOUNT = '222222222222';
const OTHER_TENANT_ACCOUNT = '333333333333';
const STRANGER = '999999999999';
const TABLES: HubTables = { tenant: 'tgw-rtb-tenant', controlPlane: 'tgw-rtb-cp', verification: 'tgw-rtb-verify' };
const PLAN: PlannedAttachment[] = [
  { account: TENANT_ACCOUNT, cidr: '10.101.0.0/16', tenantNumber: 1 },
  { account: OTHER_TENANT_ACCOUNT, cidr: '10.102.0.0/16', tenantNumber: 2 },
];

function observation(attachments: ObservedAttachment[], routes: Record<string, string[]> = {}, propagating: string[] = []): Observation {
  return { hubAccount: HUB, attachments, verificationRoutes: new Map(Object.entries(routes)), propagatingToControlPlane: new Set(propagating) };
}
const available = (id: string, ownerAccount: string, associatedRouteTableId?: string): ObservedAttachment => ({ id, ownerAccount, state: 'available', ...(associatedRouteTableId ? { associatedRouteTableId } : {}) });
const routing = (actions: readonly { kind: string; attachmentId: string; routeTableId?: string }[]) => actions.filter((a) => a.kind === 'associate' || (a.kind === 'enable-propagation' && a.routeTableId !== TABLES.verification));

describe('attachment acceptor: decide', () => {
  test('GIVEN a pending attachment from a configured tenant account THEN it is accepted, and nothing routes it yet', () => {
    const d = decide(PLAN, TABLES, observation([{ id: 'a1', ownerAccount: TENANT_ACCOUNT, state: 'pendingAcceptance' }]));
    expect(d.actions).toEqual([{ kind: 'accept', attachmentId: 'a1' }]);
    expect(d.refusals).toEqual([]);
  });

  test('GIVEN a pending attachment from an account with no tenant THEN it is rejected and counted as refused', () => {
    const d = decide(PLAN, TABLES, observation([{ id: 'a1', ownerAccount: STRANGER, state: 'pendingAcceptance' }]));
    expect(d.actions).toEqual([{ kind: 'reject', attachmentId: 'a1' }]);
    expect(d.refusals).toEqual([expect.objectContaining({ attachmentId: 'a1', reason: 'UNKNOWN_ACCOUNT' })]);
  });

  test('GIVEN an accepted attachment whose CIDR is not known yet THEN it only propagates into the verification table', () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT)]));
    expect(d.actions).toEqual([{ kind: 'enable-propagation', attachmentId: 'a1', routeTableId: TABLES.verification }]);
    expect(d.waiting).toEqual(['a1']);
  });

  test("GIVEN the account's planned CIDR, verified THEN it is associated with the tenant table and propagated into the control-plane table", () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT)], { a1: ['10.101.0.0/16'] }));
    expect(d.actions).toEqual([
      { kind: 'associate', attachmentId: 'a1', routeTableId: TABLES.tenant },
      { kind: 'enable-propagation', attachmentId: 'a1', routeTableId: TABLES.controlPlane },
    ]);
    expect(d.refusals).toEqual([]);
  });

  test.each([
    ['another account\'s tenant CIDR', ['10.102.0.0/16']],
    ['a CIDR no tenant has', ['10.200.0.0/16']],
    ['the planned CIDR plus a secondary one', ['10.101.0.0/16', '10.102.0.0/16']],
    ['a larger block around the planned CIDR', ['10.100.0.0/14']],
  ])('GIVEN a tenant account attachment propagating %s THEN it is never routed and is refused', (_case, cidrs) => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT)], { a1: cidrs }));
    expect(routing(d.actions)).toEqual([]);
    expect(d.refusals).toEqual([expect.objectContaining({ attachmentId: 'a1', reason: 'CIDR_NOT_PLANNED' })]);
  });

  test('GIVEN a routed attachment that later propagates a second CIDR THEN its propagation into the control-plane table is disabled', () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT, TABLES.tenant)], { a1: ['10.101.0.0/16', '10.120.0.0/16'] }, ['a1']));
    expect(d.actions).toEqual([{ kind: 'disable-propagation', attachmentId: 'a1', routeTableId: TABLES.controlPlane }]);
    expect(d.refusals).toHaveLength(1);
  });

  test("GIVEN two attachments of the tenant's account claiming its CIDR THEN neither is routed", () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT), available('a2', TENANT_ACCOUNT)], { a1: ['10.101.0.0/16'], a2: ['10.101.0.0/16'] }));
    expect(routing(d.actions)).toEqual([]);
    expect(d.refusals.map((r) => r.reason)).toEqual(['CIDR_CLAIMED_TWICE', 'CIDR_CLAIMED_TWICE']);
  });

  test('GIVEN an available attachment of an unknown account that propagates into the control-plane table THEN the propagation is disabled', () => {
    const d = decide(PLAN, TABLES, observation([available('a1', STRANGER, TABLES.tenant)], {}, ['a1']));
    expect(d.actions).toEqual([{ kind: 'disable-propagation', attachmentId: 'a1', routeTableId: TABLES.controlPlane }]);
    expect(d.refusals).toEqual([expect.objectContaining({ reason: 'UNKNOWN_ACCOUNT' })]);
  });

  test("GIVEN an attachment of another tenant account propagating this tenant's CIDR THEN only it is refused; the rightful one is routed", () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT), available('x', OTHER_TENANT_ACCOUNT)], { a1: ['10.101.0.0/16'], x: ['10.101.0.0/16'] }));
    expect(routing(d.actions).map((a) => a.attachmentId)).toEqual(['a1', 'a1']);
    expect(d.refusals).toEqual([expect.objectContaining({ attachmentId: 'x', reason: 'CIDR_NOT_PLANNED' })]);
  });

  test('GIVEN a verified attachment associated with the control-plane table THEN it is refused, not propagated', () => {
    const d = decide(PLAN, TABLES, observation([available('a1', TENANT_ACCOUNT, TABLES.controlPlane)], { a1: ['10.101.0.0/16'] }));
    expect(d.actions).toEqual([]);
    expect(d.refusals).toEqual([expect.objectContaining({ reason: 'ASSOCIATED_ELSEWHERE' })]);
  });

  test("GIVEN the hub account's own attachments THEN the acceptor leaves them to their stacks", () => {
    const d = decide(PLAN, TABLES, observation([{ id: 'cp', ownerAccount: HUB, state: 'pendingAcceptance' }, available('t0', HUB)]));
    expect(d).toEqual({ actions: [], refusals: [], waiting: [] });
  });
});

describe('attachment acceptor: configuration', () => {
  test('GIVEN planned attachments as the construct writes them (tenant numbers per account) THEN they parse to each tenant\'s CIDR', () => {
    expect(parsePlannedAttachments('222222222222=1,333333333333=2')).toEqual(PLAN);
    expect(parsePlannedAttachments('222222222222=0.155').map((p) => p.cidr)).toEqual(['10.100.0.0/16', '10.255.0.0/16']);
  });

  test.each([['22222222222=1'], ['222222222222=156'], ['222222222222=1.x'], ['222222222222='], ['222222222222=1=2'], ['222222222222=-1']])('GIVEN %s THEN it is a configuration error', (value) => {
    expect(() => parsePlannedAttachments(value)).toThrow(`environment: 'PLANNED_ATTACHMENTS' must be <12-digit account>=<tenant numbers joined by .> entries, got ${JSON.stringify(value)}`);
  });
});

/**
 * A faithful in-memory transit gateway for the EC2 calls the acceptor makes: attachments with owners, states and VPC
 * CIDRs; a propagation makes the attachment's CIDRs appear in the table's routes (as AWS does for VPC attachments).
 */
class FakeHub {
  readonly attachments = new Map<string, { owner: string; state: string; cidrs: string[]; association?: string }>();
  readonly propagations = new Map<string, Set<string>>(Object.values(TABLES).map((t) => [t, new Set<string>()]));

  send = async (command: { constructor: { name: string }; input: any }): Promise<any> => {
    const { input } = command;
    const attachment = () => {
      const a = this.attachments.get(input.TransitGatewayAttachmentId);
      if (!a) throw Object.assign(new Error('InvalidTransitGatewayAttachmentID.NotFound'), { name: 'InvalidTransitGatewayAttachmentID.NotFound' });
      return a;
    };
    switch (command.constructor.name) {
      case 'DescribeTransitGatewayAttachmentsCommand':
        return {
          TransitGatewayAttachments: [...this.attachments].map(([id, a]) => ({ TransitGatewayAttachmentId: id, ResourceOwnerId: a.owner, State: a.state, ...(a.association ? { Association: { TransitGatewayRouteTableId: a.association, State: 'associated' } } : {}) })),
        };
      case 'GetTransitGatewayRouteTablePropagationsCommand':
        return { TransitGatewayRouteTablePropagations: [...this.propagations.get(input.TransitGatewayRouteTableId)!].map((id) => ({ TransitGatewayAttachmentId: id, State: 'enabled' })) };
      case 'SearchTransitGatewayRoutesCommand':
        return { Routes: [...this.propagations.get(input.TransitGatewayRouteTableId)!].flatMap((id) => this.attachments.get(id)!.cidrs.map((cidr) => ({ DestinationCidrBlock: cidr, Type: 'propagated', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: id }] }))) };
      case 'AcceptTransitGatewayVpcAttachmentCommand':
        attachment().state = 'available';
        return {};
      case 'RejectTransitGatewayVpcAttachmentCommand':
        attachment().state = 'rejected';
        return {};
      case 'AssociateTransitGatewayRouteTableCommand':
        attachment().association = input.TransitGatewayRouteTableId;
        return {};
      case 'EnableTransitGatewayRouteTablePropagationCommand':
        attachment();
        this.propagations.get(input.TransitGatewayRouteTableId)!.add(input.TransitGatewayAttachmentId);
        return {};
      case 'DisableTransitGatewayRouteTablePropagationCommand':
        this.propagations.get(input.TransitGatewayRouteTableId)!.delete(input.TransitGatewayAttachmentId);
        return {};
      default:
        throw new Error(`the fake hub does not implement ${command.constructor.name}`);
    }
  };
}

describe('attachment acceptor: handler over a fake hub', () => {
  function run(hub: FakeHub) {
    const logger = new Logger({ serviceName: 'attachment-acceptor', logLevel: 'SILENT' });
    const metrics = new Metrics({ namespace: 'test', serviceName: 'attachment-acceptor' });
    jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const ec2 = { send: hub.send } as any;
    return createHandler({ observe: () => observe(ec2, HUB, 'tgw-1', TABLES), apply: (a) => apply(ec2, a) }, PLAN, TABLES, logger, metrics)();
  }

  test('GIVEN a tenant attachment, a stranger and an impostor with another tenant\'s CIDR WHEN the acceptor runs until nothing changes THEN only the tenant is routed', async () => {
    const hub = new FakeHub();
    hub.attachments.set('good', { owner: TENANT_ACCOUNT, state: 'pendingAcceptance', cidrs: ['10.101.0.0/16'] });
    hub.attachments.set('stranger', { owner: STRANGER, state: 'pendingAcceptance', cidrs: ['10.150.0.0/16'] });
    hub.attachments.set('impostor', { owner: OTHER_TENANT_ACCOUNT, state: 'pendingAcceptance', cidrs: ['10.101.0.0/16'] });
    for (let i = 0; i < 4; i++) {
      await run(hub);
    }
    expect(hub.attachments.get('good')).toMatchObject({ state: 'available', association: TABLES.tenant });
    expect([...hub.propagations.get(TABLES.controlPlane)!]).toEqual(['good']);
    expect(hub.attachments.get('stranger')!.state).toBe('rejected');
    expect(hub.attachments.get('impostor')!.association).toBeUndefined();
    // The rejected stranger is done with; the impostor stays accepted but unrouted, and counted on every run (the alarm).
    expect((await run(hub)).refused).toBe(1);
  });
});
