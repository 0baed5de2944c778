/**
 * What the preflight refuses, as named errors: the CLI prints the message and exits 2 (no usable answer), unlike a
 * quota that would be exceeded (exit 1, the answer is "not yet").
 */

/** The base of every preflight input error. */
export class PreflightInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PreflightInputError';
  }
}

/** The cloud assembly directory holds no synthesized templates (or not the ones the configuration implies). */
export class MissingTemplatesError extends PreflightInputError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MissingTemplatesError';
  }
}

/** The price table has no prices for the region the stacks would be deployed to. */
export class UnknownPriceRegionError extends PreflightInputError {
  constructor(
    public readonly region: string,
    known: readonly string[],
    where: string,
  ) {
    super(`${where}: 'price region' must be one of the regions the price table holds (${known.join(', ')}), got "${region}"`);
    this.name = 'UnknownPriceRegionError';
  }
}
