/**
 * The CloudWatch Logs data protection policy every platform log group carries (seed 004: e-mail, phone and card numbers
 * redacted from logs; secrets too), as data: lib/core/log-data-protection.ts sets it, LogGroupsMaskPersonalData compares
 * it. CloudWatch Logs masks these in every query and read by anyone without `logs:Unmask`, and counts findings.
 */

/** The managed data identifiers masked (names as AWS publishes them; the handlers' logger masks the same classes). */
export const LOG_DATA_IDENTIFIERS = [
  'EmailAddress',
  'PhoneNumber-US',
  'PhoneNumber-GB',
  'PhoneNumber-DE',
  'PhoneNumber-FR',
  'CreditCardNumber',
  'CreditCardSecurityCode',
  'CreditCardExpiration',
  'AwsSecretKey',
  'OpenSshPrivateKey',
  'PgpPrivateKey',
  'PkcsPrivateKey',
  'PuttyPrivateKey',
] as const;

/** The policy document, as the template carries it (identifier ARNs in the stack's partition). */
export function logDataProtectionPolicy() {
  const identifiers = LOG_DATA_IDENTIFIERS.map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:dataprotection::aws:data-identifier/${name}` }));
  return {
    Name: 'tenant-baseline-personal-data',
    Description: 'Masks e-mail, phone and card numbers, AWS secret keys and private keys (seed 004)',
    Version: '2021-06-01',
    Statement: [
      { Sid: 'audit', DataIdentifier: identifiers, Operation: { Audit: { FindingsDestination: {} } } },
      { Sid: 'mask', DataIdentifier: identifiers, Operation: { Deidentify: { MaskConfig: {} } } },
    ],
  };
}
