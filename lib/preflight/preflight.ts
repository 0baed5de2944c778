/**
 * The preflight's public surface: read a synthesized platform, count what it needs against AWS's default quotas and
 * what it costs a month before traffic. Judges templates only: imports the configuration and names, never a construct,
 * stack or gate module (so it can judge any assembly, however it was synthesized).
 */
export { checkAssemblyMatches, expectedStackNames, parseEnvironment, readCloudAssembly } from './assembly';
export { COST_CATEGORIES, stackCost, summarize } from './cost';
export type { CostCategory, CostLine, CostSummary } from './cost';
export { MissingTemplatesError, PreflightInputError, UnknownPriceRegionError } from './errors';
export { HOURS_PER_MONTH, PRICE_REGIONS, PRICES } from './price-table';
export type { Price, RegionPrices } from './price-table';
export { QUOTAS, quotaById } from './quota-table';
export type { QuotaDefinition, QuotaScope } from './quota-table';
export { quotaUsage } from './quota-usage';
export type { QuotaUsage } from './quota-usage';
export { buildPreflightReport, DEFAULT_PRICE_REGION } from './report';
export type { PlacementReport, PreflightOptions, PreflightReport, QuotaIncrease, StackCost } from './report';
export { renderText } from './render-text';
export { TemplateResolver } from './template';
export type { CfnTemplate, StackTemplate } from './template';
