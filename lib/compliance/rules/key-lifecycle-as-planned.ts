import { NagMessageLevel } from 'cdk-nag';
import { tenantConfig } from '../topology';
import { findings, NOT_APPLICABLE, TemplateRule } from './rule';
import { asList, text } from './template';
import { TAG_KEYS } from '../../naming';
import { tenantKeyId } from './tenant-data-under-tenant-key';

/** The pending window of every retained key: the longest KMS allows, the most time to notice a wrong deletion. */
const RETAINED_PENDING_WINDOW_DAYS = 30;

/**
 * Every key of the platform is retained (DeletionPolicy and UpdateReplacePolicy Retain) with the longest pending window,
 * since deleting a key erases everything under it: the data of a tenant, the audit trail, the alerts, the control
 * plane's records, the sidecar releases. The one exception is the offboarding path (docs/data-protection.md): the key of
 * a tenant whose state is `offboarding` goes with its stack (Delete) after exactly the configured
 * `keyDeletionWindowDays`. A Delete policy on any other key (an escape hatch away from destroying every byte under
 * it), or an offboarding that would shred sooner or later than planned, is a finding. A tenant key carries the
 * confirmed GDPR erasure request its offboarding carries out (`tenants[].erasureRequestId`, tag
 * `tenant-baseline:erasure-request`) exactly when the plan names one: the deployed shredding is then checkable against
 * the control plane's ledger, and no key claims a request the configuration does not.
 */
export const KeyLifecycleAsPlanned: TemplateRule = {
  id: 'KeyLifecycleAsPlanned',
  resourceTypes: ['AWS::KMS::Key'],
  judges: { 'AWS::KMS::Key': ['PendingWindowInDays'] },
  info: "A key's deletion policy or pending window differs from the plan: retained with a 30-day window, or for a tenant being offboarded, deleted with its stack after the configured window.",
  explanation: 'DESIGN.md and GDPR Art. 17: crypto-shredding is the erasure path; it must happen exactly when a tenant is offboarded, never by deleting a stack or replacing a key.',
  level: NagMessageLevel.ERROR,
  controls: ['DATA-3', 'GDPR-Art.17', 'SOC2-CC8.1'],
  acknowledgeable: false,
  check(resource, context) {
    const role = context.role;
    if (role.kind === 'other') {
      return NOT_APPLICABLE;
    }
    const tenantKey = role.kind === 'tenant' && tenantKeyId(context.template, role.keyAlias) === context.logicalId;
    const tenant = tenantKey ? tenantConfig(context.topology, role.tenantId) : undefined;
    const offboarding = tenant?.state === 'offboarding';
    const policy = offboarding ? 'Delete' : 'Retain';
    const window = offboarding ? tenant!.keyDeletionWindowDays : RETAINED_PENDING_WINDOW_DAYS;
    const problems: string[] = [];
    for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      if (resource[attribute] !== policy) {
        problems.push(`${attribute}::${text(resource[attribute] ?? 'unset')}::planned-${policy}`);
      }
    }
    if (Number(resource.Properties?.PendingWindowInDays) !== window) {
      problems.push(`PendingWindowInDays::${text(resource.Properties?.PendingWindowInDays ?? 'unset')}::planned-${window}`);
    }
    const erasureTags = asList<any>(resource.Properties?.Tags).filter((t) => text(t?.Key) === TAG_KEYS.erasureRequest).map((t) => text(t?.Value));
    const plannedErasure = offboarding && tenant!.erasureRequestId !== undefined ? [tenant!.erasureRequestId] : [];
    if (erasureTags.join() !== plannedErasure.join()) {
      problems.push(`ErasureRequest::${erasureTags.join('+') || 'none'}::planned-${plannedErasure[0] ?? 'none'}`);
    }
    return findings(problems);
  },
};
