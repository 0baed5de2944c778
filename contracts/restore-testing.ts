/**
 * Restore testing's shared names: the event a tenant's validation function puts when a restored copy is not as
 * planned (routed by the account baseline to the medium alert topic) and the validation function's environment.
 */
export const RESTORE_TESTING_EVENTS = {
  source: 'tenant-baseline.restore-testing',
  validationFailed: 'Restore Validation Failed',
} as const;

export const RESTORE_VALIDATION_ENV = { tenantId: 'TENANT_ID', planArn: 'RESTORE_TESTING_PLAN_ARN', keyArn: 'TENANT_KEY_ARN', subnetGroupName: 'DB_SUBNET_GROUP' } as const;
