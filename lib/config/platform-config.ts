/**
 * The platform configuration's public surface: its types, defaults, limits, address and tenant plans, and the loader.
 * Each lives in its own module here; import from this one.
 */
export * from './types';
export * from './defaults';
export * from './limits';
export * from './address-plan';
export * from './tenant-plan';
export * from './schedule-plan';
export { PlatformConfigError } from './problems';
export { TENANT_ID_PATTERN } from './validate-tenants';
export { loadPlatformConfig, selectTenants, validatePlatformConfig } from './load';
export * from './regional-view';
export * from './delivery-replication-plan';
