/**
 * What the hub's attachment acceptor does with the transit gateway's attachments from other accounts, as a pure
 * function of what it observed. Positive model: an attachment is routed only when its owner account is a configured
 * tenant account AND the only CIDR its VPC propagates is a CIDR planned for a tenant of that account (and no other
 * attachment claims it). The CIDR is learnt from AWS itself, by propagating the attachment into the hub's verification
 * route table, which no attachment is associated with (so it forwards nothing). Accepting alone routes nothing: an
 * attachment without an association has no route table, and one that propagates nowhere cannot be reached.
 */

/** A tenant attachment the configuration plans: the owner account and the CIDR 10.(100+N).0.0/16 of tenant N. */
export interface PlannedAttachment {
  readonly account: string;
  readonly cidr: string;
  readonly tenantNumber: number;
}

/** The hub's route tables the acceptor uses. */
export interface HubTables {
  readonly tenant: string;
  readonly controlPlane: string;
  readonly verification: string;
}

/** One VPC attachment of the hub's transit gateway, as DescribeTransitGatewayAttachments reports it. */
export interface ObservedAttachment {
  readonly id: string;
  readonly ownerAccount: string;
  /** pendingAcceptance, available, ... (EC2's TransitGatewayAttachmentState). */
  readonly state: string;
  /** The route table it is associated with, if any. */
  readonly associatedRouteTableId?: string;
}

export interface Observation {
  /** The hub's own account: its attachments (the control plane's, same-account tenants') are routed by their stacks. */
  readonly hubAccount: string;
  readonly attachments: readonly ObservedAttachment[];
  /** For each attachment propagating into the verification table, the CIDRs it propagates there (may be empty at first). */
  readonly verificationRoutes: ReadonlyMap<string, readonly string[]>;
  /** The attachments propagating into the control-plane table. */
  readonly propagatingToControlPlane: ReadonlySet<string>;
}

export type Action =
  | { readonly kind: 'accept' | 'reject'; readonly attachmentId: string }
  | { readonly kind: 'associate' | 'enable-propagation' | 'disable-propagation'; readonly attachmentId: string; readonly routeTableId: string };

/** An attachment the acceptor will not route, and why: each one is logged and counted (the alarm's metric). */
export interface Refusal {
  readonly attachmentId: string;
  readonly ownerAccount: string;
  readonly reason: 'UNKNOWN_ACCOUNT' | 'CIDR_NOT_PLANNED' | 'CIDR_CLAIMED_TWICE' | 'ASSOCIATED_ELSEWHERE';
  readonly detail: string;
}

export interface Decision {
  readonly actions: readonly Action[];
  readonly refusals: readonly Refusal[];
  /** Attachments accepted whose CIDR AWS has not reported yet: routed on a later run. */
  readonly waiting: readonly string[];
}

const PENDING = 'pendingAcceptance';
const AVAILABLE = 'available';

/** The tenant an attachment's verified CIDRs identify, or why none. */
function verify(attachment: ObservedAttachment, cidrs: readonly string[], plan: readonly PlannedAttachment[], claims: ReadonlyMap<string, number>): Refusal | PlannedAttachment {
  const refuse = (reason: Refusal['reason'], detail: string): Refusal => ({ attachmentId: attachment.id, ownerAccount: attachment.ownerAccount, reason, detail });
  const planned = plan.filter((p) => p.account === attachment.ownerAccount);
  const tenant = cidrs.length === 1 ? planned.find((p) => p.cidr === cidrs[0]) : undefined;
  if (!tenant) {
    return refuse('CIDR_NOT_PLANNED', `propagates [${cidrs.join(', ')}]; account ${attachment.ownerAccount} may propagate exactly one of [${planned.map((p) => p.cidr).join(', ')}]`);
  }
  if ((claims.get(tenant.cidr) ?? 0) > 1) {
    return refuse('CIDR_CLAIMED_TWICE', `${tenant.cidr} (tenant number ${tenant.tenantNumber}) is propagated by more than one attachment`);
  }
  return tenant;
}

export function decide(plan: readonly PlannedAttachment[], tables: HubTables, observed: Observation): Decision {
  const accounts = new Set(plan.map((p) => p.account));
  const actions: Action[] = [];
  const refusals: Refusal[] = [];
  const waiting: string[] = [];
  const foreign = observed.attachments.filter((a) => a.ownerAccount !== observed.hubAccount);
  // How many attachments propagate each tenant's CIDR from that tenant's own account: two of them are both refused. An
  // attachment of another account propagating it is refused on its own, and does not block the rightful one.
  const claims = new Map<string, number>();
  for (const a of foreign) {
    const cidrs = observed.verificationRoutes.get(a.id) ?? [];
    if (a.state === AVAILABLE && cidrs.length === 1 && plan.some((p) => p.account === a.ownerAccount && p.cidr === cidrs[0])) {
      claims.set(cidrs[0], (claims.get(cidrs[0]) ?? 0) + 1);
    }
  }
  for (const a of foreign) {
    if (!accounts.has(a.ownerAccount)) {
      if (a.state === PENDING) {
        actions.push({ kind: 'reject', attachmentId: a.id });
      }
      if (a.state === PENDING || a.state === AVAILABLE) {
        refusals.push({ attachmentId: a.id, ownerAccount: a.ownerAccount, reason: 'UNKNOWN_ACCOUNT', detail: `account ${a.ownerAccount} hosts no configured tenant` });
      }
      if (observed.propagatingToControlPlane.has(a.id)) {
        actions.push({ kind: 'disable-propagation', attachmentId: a.id, routeTableId: tables.controlPlane });
      }
      continue;
    }
    if (a.state === PENDING) {
      // Accepting routes nothing yet; the CIDR check needs the attachment available.
      actions.push({ kind: 'accept', attachmentId: a.id });
      continue;
    }
    if (a.state !== AVAILABLE) {
      continue;
    }
    const cidrs = observed.verificationRoutes.get(a.id);
    if (cidrs === undefined) {
      actions.push({ kind: 'enable-propagation', attachmentId: a.id, routeTableId: tables.verification });
      waiting.push(a.id);
      continue;
    }
    if (cidrs.length === 0) {
      waiting.push(a.id);
      continue;
    }
    const verdict = verify(a, cidrs, plan, claims);
    if ('reason' in verdict) {
      refusals.push(verdict);
      if (observed.propagatingToControlPlane.has(a.id)) {
        actions.push({ kind: 'disable-propagation', attachmentId: a.id, routeTableId: tables.controlPlane });
      }
      continue;
    }
    if (a.associatedRouteTableId !== undefined && a.associatedRouteTableId !== tables.tenant) {
      refusals.push({ attachmentId: a.id, ownerAccount: a.ownerAccount, reason: 'ASSOCIATED_ELSEWHERE', detail: `associated with ${a.associatedRouteTableId}, not the tenant table ${tables.tenant}` });
      continue;
    }
    if (a.associatedRouteTableId === undefined) {
      actions.push({ kind: 'associate', attachmentId: a.id, routeTableId: tables.tenant });
    }
    if (!observed.propagatingToControlPlane.has(a.id)) {
      actions.push({ kind: 'enable-propagation', attachmentId: a.id, routeTableId: tables.controlPlane });
    }
  }
  return { actions, refusals, waiting };
}
