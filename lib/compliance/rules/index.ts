/** The rules of the TenantBaseline pack, in report order. test/compliance/rules.test.ts pins this list. */
import { AlarmsNotifyAlertTopics } from './alarms-notify-alert-topics';
import { ApiGatewayTls13Strict } from './api-gateway-tls13-strict';
import { ApiMethodsAuthorized } from './api-methods-authorized';
import { ApiStageBehindWaf } from './api-stage-behind-waf';
import { AuditTrailObjectLock } from './audit-trail-object-lock';
import { GuardDutyOnlyInAccountBaseline } from './guardduty-only-in-account-baseline';
import { GuardDutyFindingsReachTheirTier } from './findings-reach-their-tier';
import { KmsFullAccessOnlyRoot } from './kms-full-access-only-root';
import { KmsServicePrincipalConditioned } from './kms-service-principal-conditioned';
import { LogGroupCmkFiniteRetention } from './log-group-cmk-finite-retention';
import { NoCrossTenantRoute } from './no-cross-tenant-route';
import { NoInternetOrSshIngress } from './no-internet-or-ssh-ingress';
import { RdsForceSsl } from './rds-force-ssl';
import { DatabaseAsPlanned } from './database-as-planned';
import { DatabaseAccessAsPlanned } from './database-access-as-planned';
import { NetworkAclAsPlanned } from './network-acl-as-planned';
import { PolicyPrincipalsAsPlanned } from './policy-principals-as-planned';
import { RuntimeHostsHardened } from './runtime-hosts-hardened';
import { TableProtected } from './table-protected';
import { RoutesAsPlanned } from './routes-as-planned';
import { AlarmsAsPlanned } from './alarms-as-planned';
import { BucketLogsInOwnStack } from './bucket-logs-in-own-stack';
import { ControlPlaneGroupsAsPlanned } from './control-plane-groups-as-planned';
import { GatewayResponsesSecure } from './gateway-responses-secure';
import { CorsAsPlanned } from './cors-as-planned';
import { CustomDomainAsPlanned } from './custom-domain-as-planned';
import { PrivateAdminApiAsPlanned } from './private-admin-api-as-planned';
import { ApiThrottlingAsPlanned } from './api-throttling-as-planned';
import { LogGroupsMaskPersonalData } from './log-groups-mask-personal-data';
import { TrailAsPlanned } from './trail-as-planned';
import { ControlPlaneTenantsAsPlanned } from './control-plane-tenants-as-planned';
import { WebAclAsPlanned } from './web-acl-as-planned';
import { DataUnderOwnStackKey } from './data-under-own-stack-key';
import { AccessAnalysisAsPlanned } from './access-analysis-as-planned';
import { NetworkProofsAsPlanned } from './network-proofs-as-planned';
import { AlertSubscriptionsAsPlanned } from './alert-subscriptions-as-planned';
import { ConfigRulesAsPlanned } from './config-rules-as-planned';
import { DeliveryPipelineAsPlanned } from './delivery-pipeline-as-planned';
import { DeployTimeGateAsPlanned } from './deploy-time-gate-as-planned';
import { DriftDetectionAsPlanned } from './drift-detection-as-planned';
import { FindingRulesDeliver } from './finding-rules-deliver';
import { ProtectedBucketsAbac } from './protected-buckets-abac';
import { ResourceTypesAsPlanned } from './resource-types-as-planned';
import { BackupPlanAsPlanned } from './backup-plan-as-planned';
import { BackupVaultLockAsPlanned } from './backup-vault-lock-as-planned';
import { RestoreTestingAsPlanned } from './restore-testing-as-planned';
import { RetentionAsPlanned } from './retention-as-planned';
import { DataExportAsPlanned } from './data-export-as-planned';
import { LambdaInvokePermissionsAsPlanned } from './lambda-invoke-permissions-as-planned';
import { SchedulesAsPlanned } from './schedules-as-planned';
import { SidecarReleasesAsPlanned } from './sidecar-releases-as-planned';
import { SsmParametersAsPlanned } from './ssm-parameters-as-planned';
import { TemplateRule } from './rule';
import { TenantApiKeysAsPlanned } from './tenant-api-keys-as-planned';
import { TenantDataUnderTenantKey } from './tenant-data-under-tenant-key';
import { TenantEgressHttpsOnly } from './tenant-egress-https-only';
import { KeyLifecycleAsPlanned } from './key-lifecycle-as-planned';
import { TenantIngressControlPlaneOnly } from './tenant-ingress-control-plane-only';
import { TenantVpcPlannedCidr } from './tenant-vpc-planned-cidr';
import { TransitGatewayOneWay } from './transit-gateway-one-way';
import { HubShareAsPlanned } from './hub-share-as-planned';
import { AttachmentAcceptorAsPlanned } from './attachment-acceptor-as-planned';

export const TENANT_BASELINE_RULES: readonly TemplateRule[] = [
  ResourceTypesAsPlanned,
  NetworkAclAsPlanned,
  RoutesAsPlanned,
  RuntimeHostsHardened,
  DatabaseAsPlanned,
  DatabaseAccessAsPlanned,
  RestoreTestingAsPlanned,
  BackupPlanAsPlanned,
  BackupVaultLockAsPlanned,
  TableProtected,
  PolicyPrincipalsAsPlanned,
  DataUnderOwnStackKey,
  FindingRulesDeliver,
  AlarmsAsPlanned,
  SchedulesAsPlanned,
  ControlPlaneGroupsAsPlanned,
  ControlPlaneTenantsAsPlanned,
  BucketLogsInOwnStack,
  WebAclAsPlanned,
  GatewayResponsesSecure,
  CorsAsPlanned,
  ApiThrottlingAsPlanned,
  CustomDomainAsPlanned,
  PrivateAdminApiAsPlanned,
  TenantApiKeysAsPlanned,
  RetentionAsPlanned,
  DataExportAsPlanned,
  LambdaInvokePermissionsAsPlanned,
  TrailAsPlanned,
  ProtectedBucketsAbac,
  SidecarReleasesAsPlanned,
  SsmParametersAsPlanned,
  TenantVpcPlannedCidr,
  NoCrossTenantRoute,
  TransitGatewayOneWay,
  HubShareAsPlanned,
  AttachmentAcceptorAsPlanned,
  NoInternetOrSshIngress,
  TenantIngressControlPlaneOnly,
  TenantEgressHttpsOnly,
  TenantDataUnderTenantKey,
  KeyLifecycleAsPlanned,
  KmsServicePrincipalConditioned,
  KmsFullAccessOnlyRoot,
  LogGroupCmkFiniteRetention,
  LogGroupsMaskPersonalData,
  RdsForceSsl,
  ApiGatewayTls13Strict,
  ApiStageBehindWaf,
  ApiMethodsAuthorized,
  AuditTrailObjectLock,
  GuardDutyOnlyInAccountBaseline,
  GuardDutyFindingsReachTheirTier,
  DriftDetectionAsPlanned,
  AlarmsNotifyAlertTopics,
  DeliveryPipelineAsPlanned,
  DeployTimeGateAsPlanned,
  ConfigRulesAsPlanned,
  AccessAnalysisAsPlanned,
  NetworkProofsAsPlanned,
  AlertSubscriptionsAsPlanned,
];

export * from './rule';
