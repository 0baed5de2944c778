/**
 * The controls the compliance report speaks to: SOC 2 (2017 Trust Services Criteria, rev. 2022), the HIPAA Security
 * Rule's technical safeguards (45 CFR 164.312), GDPR articles, and the platform's own requirements (DESIGN.md).
 *
 * Each control lists the stock cdk-nag packs whose rules bear on it. The rules of our own pack name the controls they
 * prove (lib/compliance/rules/*.ts); the report joins the two. Where a requirement lives in handler code rather than in
 * a template, `evidenceOutsideTemplates` names the tests that prove it, so the report never claims a template check it
 * does not have.
 */
export type Framework = 'SOC 2' | 'HIPAA' | 'GDPR' | 'Platform';

export interface Control {
  readonly framework: Framework;
  /** The control's own reference, e.g. `CC6.1`, `164.312(a)(1)`, `Art. 32`, `NET-1`. */
  readonly reference: string;
  readonly title: string;
  /** The control's text (paraphrased closely for SOC 2 and GDPR; the regulation's wording for HIPAA). */
  readonly text: string;
  /** Stock packs whose findings count against this control. */
  readonly packs: readonly string[];
  /** Properties proven by tests of handler code rather than by a template rule: `<test file>: what it proves`. */
  readonly evidenceOutsideTemplates?: readonly string[];
}

const ALL_STOCK = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'] as const;

export const CONTROLS = {
  'SOC2-CC6.1': {
    framework: 'SOC 2',
    reference: 'CC6.1',
    title: 'Logical access security',
    text: 'The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events to meet the entity\'s objectives (incl. encryption of data at rest and restriction of access to the entity\'s network segments).',
    packs: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'],
    evidenceOutsideTemplates: [
      'test/lambda/admin-authorizer.test.ts: RS256 admin tokens from the provider JWKS, groups map to least-privilege roles',
      'test/data/database-access.test.ts: evaluated by an IAM engine, the runtime hosts cannot read the master secret and connect only as the app user of their own instance',
      'test/lambda/heartbeat-key-expiry.test.ts: a heartbeat signed with an expired sidecar key is refused and writes nothing; keys near expiry without a successor are reported',
    ],
  },
  'SOC2-CC6.6': {
    framework: 'SOC 2',
    reference: 'CC6.6',
    title: 'Protection against threats from outside the system boundary',
    text: 'The entity implements logical access security measures to protect against threats from sources outside its system boundaries (boundary protection, encrypted transmission, restricted ingress).',
    packs: ['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321'],
  },
  'SOC2-CC7.2': {
    framework: 'SOC 2',
    reference: 'CC7.2',
    title: 'Monitoring for anomalies',
    text: 'The entity monitors system components and the operation of those components for anomalies that are indicative of malicious acts, natural disasters, and errors affecting the entity\'s ability to meet its objectives; anomalies are analyzed to determine whether they represent security events.',
    packs: ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'],
    evidenceOutsideTemplates: ['test/lambda/heartbeat-ingest.test.ts: replayed or forged heartbeats are refused and counted as unauthenticated, never as tamper events'],
  },
  'SOC2-CC7.3': {
    framework: 'SOC 2',
    reference: 'CC7.3',
    title: 'Evaluation of security events',
    text: 'The entity evaluates security events to determine whether they could or have resulted in a failure of the entity to meet its objectives (security incidents) and, if so, takes actions to prevent or address such failures.',
    packs: ['NIST.800.53.R5'],
    evidenceOutsideTemplates: ['test/detection/account-baseline.test.ts: docs/runbooks.md has a runbook line for every alarm'],
  },
  'SOC2-CC8.1': {
    framework: 'SOC 2',
    reference: 'CC8.1',
    title: 'Change management',
    text: 'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures to meet its objectives.',
    packs: [],
    evidenceOutsideTemplates: [
      'test/guardrails/tag-protection-policy.test.ts: the SCP lets only the deploy role change, delete or re-tag protected resources',
      'test/compliance/gate.test.ts: synth fails on any unacknowledged finding; acknowledgements only from the reviewed list',
    ],
  },
  'SOC2-A1.2': {
    framework: 'SOC 2',
    reference: 'A1.2',
    title: 'Availability: backup and recovery infrastructure',
    text: 'The entity authorizes, designs, develops or acquires, implements, operates, approves, maintains, and monitors environmental protections, software, data backup processes, and recovery infrastructure to meet its objectives.',
    packs: ['HIPAA.Security', 'NIST.800.53.R5'],
  },
  'SOC2-A1.3': {
    framework: 'SOC 2',
    reference: 'A1.3',
    title: 'Availability: recovery plan testing',
    text: 'The entity tests recovery plan procedures supporting system recovery to meet its objectives. Here: AWS Backup restore tests of every tenant database and table, validated and reported, failures alerted.',
    packs: [],
    evidenceOutsideTemplates: ['test/lambda/restore-validation.test.ts: a restored copy is judged available, private and under the tenant key, and a failure is reported to AWS Backup and alerted'],
  },
  'HIPAA-164.308(a)(7)': {
    framework: 'HIPAA',
    reference: '164.308(a)(7)',
    title: 'Contingency plan',
    text: 'Establish (and implement as needed) policies and procedures for responding to an emergency: data backup plan, disaster recovery plan, and testing and revision procedures (164.308(a)(7)(ii)(D)).',
    packs: ['HIPAA.Security'],
  },
  'HIPAA-164.312(a)(1)': {
    framework: 'HIPAA',
    reference: '164.312(a)(1)',
    title: 'Access control',
    text: 'Implement technical policies and procedures for electronic information systems that maintain electronic protected health information to allow access only to those persons or software programs that have been granted access rights.',
    packs: ['HIPAA.Security'],
  },
  'HIPAA-164.312(a)(2)(iv)': {
    framework: 'HIPAA',
    reference: '164.312(a)(2)(iv)',
    title: 'Encryption and decryption',
    text: 'Implement a mechanism to encrypt and decrypt electronic protected health information.',
    packs: ['HIPAA.Security'],
  },
  'HIPAA-164.312(b)': {
    framework: 'HIPAA',
    reference: '164.312(b)',
    title: 'Audit controls',
    text: 'Implement hardware, software, and/or procedural mechanisms that record and examine activity in information systems that contain or use electronic protected health information.',
    packs: ['HIPAA.Security'],
  },
  'HIPAA-164.312(c)(1)': {
    framework: 'HIPAA',
    reference: '164.312(c)(1)',
    title: 'Integrity',
    text: 'Implement policies and procedures to protect electronic protected health information from improper alteration or destruction.',
    packs: ['HIPAA.Security'],
  },
  'HIPAA-164.312(d)': {
    framework: 'HIPAA',
    reference: '164.312(d)',
    title: 'Person or entity authentication',
    text: 'Implement procedures to verify that a person or entity seeking access to electronic protected health information is the one claimed.',
    packs: ['HIPAA.Security'],
    evidenceOutsideTemplates: [
      'test/lambda/admin-authorizer.test.ts: admin tokens verified against the identity provider (signature, issuer, audience, expiry, claims)',
      'test/lambda/plan-verifier.test.ts: plans accepted only with a valid ES256 signature from the control plane key',
    ],
  },
  'HIPAA-164.312(e)(1)': {
    framework: 'HIPAA',
    reference: '164.312(e)(1)',
    title: 'Transmission security',
    text: 'Implement technical security measures to guard against unauthorized access to electronic protected health information that is being transmitted over an electronic communications network.',
    packs: ['HIPAA.Security'],
  },
  'GDPR-Art.5(1)(f)': {
    framework: 'GDPR',
    reference: 'Art. 5(1)(f)',
    title: 'Integrity and confidentiality',
    text: 'Personal data shall be processed in a manner that ensures appropriate security of the personal data, including protection against unauthorised or unlawful processing and against accidental loss, destruction or damage, using appropriate technical or organisational measures.',
    packs: [...ALL_STOCK],
  },
  'GDPR-Art.15': {
    framework: 'GDPR',
    reference: 'Art. 15',
    title: 'Right of access by the data subject',
    text: 'The data subject has the right to obtain from the controller a copy of the personal data undergoing processing. Here: an admin exports all of a tenant\'s table items and objects into an archive under the tenant\'s key, through the tenant\'s own export function, with a short-lived download link (docs/data-protection.md#export).',
    packs: [],
    evidenceOutsideTemplates: [
      'test/lambda/tenant-export.test.ts: an export holds every item and object of its tenant byte for byte and nothing of another (dynalite, s3rver); archive names cannot leave the archive; a failed export reads FAILED; a bad event writes nothing',
      'test/lambda/gdpr-exports.test.ts: POST /tenants/{tenantId}/exports records, announces and starts the export on that tenant\'s function only; GET .../exports/{exportId} gives a link to that tenant\'s archive only; non-admins, unknown tenants and other tenants\' export ids are refused with a reason code, nothing written or invoked',
      'test/data/tenant-data-export.test.ts: the export role, evaluated by a real IAM engine, reaches its own tenant\'s table, bucket and key and is denied another tenant\'s',
    ],
  },
  'GDPR-Art.17': {
    framework: 'GDPR',
    reference: 'Art. 17',
    title: 'Right to erasure',
    text: 'The data subject has the right to obtain from the controller the erasure of personal data concerning him or her without undue delay. Here: every tenant data store is under the tenant\'s own key, so scheduling that key\'s deletion erases the tenant\'s data (docs/data-protection.md).',
    packs: [],
    evidenceOutsideTemplates: [
      'test/data/crypto-shredding.test.ts: every data-bearing resource of a tenant is under that tenant\'s key',
      'test/lambda/gdpr-erasure.test.ts: POST /tenants/{tenantId}/erasure records a request that only a second, different admin can confirm, within the window and once (dynalite); unknown tenants, non-admins, the requester, late and repeated confirmations are refused with a reason code and change nothing',
      'test/edge/gdpr-requests.test.ts: the erasure routes are behind the admin authorizer and only the admin role reaches them; the ledger is under the control-plane key and backed up; the handler cannot delete from it',
      'test/data/erasure-handoff.test.ts: an offboarding tenant\'s key carries the confirmed erasure request it carries out (tenants[].erasureRequestId), exactly as planned (KeyLifecycleAsPlanned)',
      'test/tooling/erasure-check.test.ts: npm run erasure:check passes only offboardings whose named request the ledger holds as confirmed by two different admins',
    ],
  },
  'GDPR-Art.25': {
    framework: 'GDPR',
    reference: 'Art. 25',
    title: 'Data protection by design and by default',
    text: 'The controller shall implement appropriate technical and organisational measures designed to implement data-protection principles and, by default, ensure that personal data are not made accessible to an indefinite number of natural persons.',
    packs: ['AwsSolutions'],
  },
  'GDPR-Art.32': {
    framework: 'GDPR',
    reference: 'Art. 32',
    title: 'Security of processing',
    text: 'Appropriate technical measures to ensure a level of security appropriate to the risk, including encryption of personal data, the ongoing confidentiality, integrity, availability and resilience of processing systems, and the ability to restore availability and access in a timely manner.',
    packs: [...ALL_STOCK],
  },
  'GDPR-Art.33': {
    framework: 'GDPR',
    reference: 'Art. 33',
    title: 'Notification of a personal data breach',
    text: 'In the case of a personal data breach, the controller shall without undue delay and, where feasible, not later than 72 hours after having become aware of it, notify the supervisory authority. Here: breaches must be detected and routed to people promptly (threat detection, alarms, alert topics).',
    packs: ['NIST.800.53.R5'],
    evidenceOutsideTemplates: [
      'test/detection/account-baseline.test.ts: GuardDuty findings of severity >= 7 reach the security topic',
      'test/detection/alert-tiers.test.ts: every alarm and finding rule reaches exactly its alert tier, and every tier has subscribers or a reasoned opt-out (docs/runbooks.md: the suspected data breach playbook starts the 72-hour clock)',
    ],
  },
  'NET-1': {
    framework: 'Platform',
    reference: 'NET-1',
    title: 'A dedicated VPC per tenant',
    text: 'Each tenant has a dedicated VPC 10.(100+N).0.0/16, N = the tenant number in 0..155.',
    packs: [],
  },
  'NET-2': {
    framework: 'Platform',
    reference: 'NET-2',
    title: 'Least-privilege firewall',
    text: 'Inbound to the data plane only from the control plane on TCP 5678; outbound HTTPS 443 only; no inbound from the internet; no SSH (no port 22, no key pairs).',
    packs: ['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321'],
  },
  'NET-3': {
    framework: 'Platform',
    reference: 'NET-3',
    title: 'One-way routing; tenants never reach each other',
    text: 'The control plane may open connections to a tenant\'s port 5678; tenants can reach no other tenant, ever, and reach the control plane only through its public HTTPS API.',
    packs: [],
  },
  'EDGE-1': {
    framework: 'Platform',
    reference: 'EDGE-1',
    title: 'Protected public endpoint',
    text: 'WAF in front of every public endpoint with per-IP rate limiting, an 8192-byte body limit, managed rule groups and redacted logs; admin authorization on every route but the health check.',
    packs: ['AwsSolutions', 'Serverless'],
    evidenceOutsideTemplates: [
      'test/edge/control-plane-edge.test.ts: WAF rules, body limit, log redaction, security headers on every gateway response',
      'test/lambda/shared/http.test.ts: security headers (X-XSS-Protection 0) on every handler response',
      'test/lambda/shared/cors.test.ts: CORS headers on handler responses for the configured origins only, none by default',
    ],
  },
  'DATA-1': {
    framework: 'Platform',
    reference: 'DATA-1',
    title: 'Customer-managed keys, one per tenant',
    text: 'Encryption at rest with customer-managed KMS keys for databases, object storage, block storage, secrets and logs; per-tenant keys, so one tenant\'s key never decrypts another\'s data.',
    packs: ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'],
  },
  'DATA-2': {
    framework: 'Platform',
    reference: 'DATA-2',
    title: 'Encryption in transit',
    text: 'TLS 1.3 on the API (API Gateway enhanced security policy), TLS >= 1.2 enforced everywhere else (bucket policies, rds.force_ssl).',
    packs: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'],
  },
  'DATA-3': {
    framework: 'Platform',
    reference: 'DATA-3',
    title: 'Write-once audit logs',
    text: 'Audit logs in write-once storage (S3 Object Lock) with log-file integrity validation.',
    packs: ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'],
  },
  'RUN-1': {
    framework: 'Platform',
    reference: 'RUN-1',
    title: 'Threat detection in the account baseline',
    text: 'GuardDuty in every account and region, managed once by the account baseline, high-severity findings routed to the security alert topic.',
    packs: ['NIST.800.53.R5'],
  },
  'RUN-2': {
    framework: 'Platform',
    reference: 'RUN-2',
    title: 'Alarms reach people',
    text: 'Alarms: failed authentication > 50 in 5 min; tamper detected > 0; refused heartbeats > 100 in 5 min; a sidecar release refused by a host; a sidecar key expiring within 14 days without a successor, or used after expiry; API traffic > 100,000 requests in 5 min; plus the account-level CIS alarms; each notifies an alert topic.',
    packs: ['HIPAA.Security', 'NIST.800.53.R5'],
    evidenceOutsideTemplates: ['test/detection/account-baseline.test.ts: alarm thresholds and periods as DESIGN.md states them, with a runbook line each'],
  },
} as const satisfies Record<string, Control>;

export type ControlId = keyof typeof CONTROLS;
