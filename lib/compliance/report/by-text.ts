/** Orders strings by code unit, not locale, so the report's order is the same on every machine. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
