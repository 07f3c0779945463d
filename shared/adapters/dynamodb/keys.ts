/**
 * Every key of the single table is built here, so the entity chart in README.md has one source.
 * Version numbers are zero-padded so that sort order is numeric order.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface ItemKey {
  pk: string;
  sk: string;
}

const contractsOfClient = (clientId: string) => `CLIENT#${clientId}`;
const transferSide = (insideEea: boolean) => (insideEea ? 'TRANSFERS#EEA' : 'TRANSFERS#OUTSIDE_EEA');

const NOTICE_SORT_KEY = 'NOTICE';

/** The partition of a tenant (processor or client): its profile and its API keys' entries live there. */
const tenantPartition = (tenant: { type: 'processor' | 'client'; id: string }) =>
  tenant.type === 'processor' ? `PROCESSOR#${tenant.id}` : `CLIENT#${tenant.id}`;
const tenantsOf = (type: 'processor' | 'client') => (type === 'processor' ? 'TENANTS#PROCESSOR' : 'TENANTS#CLIENT');

export const keys = {
  processor: (processorId: string): ItemKey => ({ pk: `PROCESSOR#${processorId}`, sk: 'PROFILE' }),
  processorPrefix: 'PROCESSOR#',
  client: (clientId: string): ItemKey => ({ pk: `CLIENT#${clientId}`, sk: 'PROFILE' }),
  apiKey: (apiKeyHash: string): ItemKey => ({ pk: `APIKEY#${apiKeyHash}`, sk: 'APIKEY' }),

  contract: (processorId: string, contractId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `CONTRACT#${contractId}`,
  }),
  contractPrefix: 'CONTRACT#',
  /**
   * Guard item: at most one active contract per processor × client. Its `contractId` names the active
   * one; ending the contract removes that attribute, so a new contract may take the pair again.
   */
  contractWithClient: (processorId: string, clientId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `CLIENTLINK#${clientId}`,
  }),
  /** One item per contract, sorted by notice period, so the longest period is one Query. */
  noticePeriod: (processorId: string, noticePeriodDays: number, contractId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `NOTICEPERIOD#${pad(noticePeriodDays, 4)}#${contractId}`,
  }),
  noticePeriodPrefix: 'NOTICEPERIOD#',
  /** gsi1: contracts of one client. */
  contractByClient: (clientId: string, processorId: string, contractId: string) => ({
    gsi1pk: contractsOfClient(clientId),
    gsi1sk: `CONTRACT#${processorId}#${contractId}`,
  }),
  contractsOfClient,

  listVersion: (processorId: string, version: number): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `VERSION#${pad(version, 10)}`,
  }),
  listVersionPrefix: 'VERSION#',
  /** When a version takes effect (a small item of its own, written by every send: version-effect.ts). */
  versionEffect: (processorId: string, version: number): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `EFFECT#${pad(version, 10)}`,
  }),

  notice: (noticeId: string): ItemKey => ({ pk: `NOTICE#${noticeId}`, sk: NOTICE_SORT_KEY }),
  noticePrefix: 'NOTICE#',
  noticeSortKey: NOTICE_SORT_KEY,
  /** gsi1: notices of one processor, by version. */
  noticeByProcessor: (processorId: string, version: number) => ({
    gsi1pk: `PROCESSOR#${processorId}#NOTICES`,
    gsi1sk: `NOTICE#${pad(version, 10)}`,
  }),
  noticeVersionPrefix: 'NOTICE#',
  noticesOfProcessor: (processorId: string) => `PROCESSOR#${processorId}#NOTICES`,
  /** gsi2 (sparse): open notices by the time their next window closes. */
  openNotice: (nextCloseAt: string) => ({ gsi2pk: 'OPENNOTICE', gsi2sk: nextCloseAt }),
  openNoticePartition: 'OPENNOTICE',
  recipient: (noticeId: string, contractId: string): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `RECIPIENT#${contractId}`,
  }),
  recipientPrefix: 'RECIPIENT#',
  /** Append-only record of the outcome at close: written once, never updated. */
  outcomeRecord: (noticeId: string, contractId: string): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `OUTCOME#${contractId}`,
  }),
  objectionToken: (tokenHash: string): ItemKey => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),

  /** One projected row per sub-processor of a processor's latest list (the legal queries). */
  transfer: (processorId: string, entryKey: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `TRANSFER#${entryKey}`,
  }),
  transferPrefix: 'TRANSFER#',
  /**
   * gsi3 (sparse): transfers by side of the EEA border, then destination. Outside-EEA rows have a
   * partition of their own, so the queries lawyers run never read EEA rows.
   */
  transferByDestination: (insideEea: boolean, destination: string, processorId: string, entryKey: string) => ({
    gsi3pk: transferSide(insideEea),
    gsi3sk: `${destination}#${processorId}#${entryKey}`,
  }),
  transferSide,
  sesMessage: (messageId: string): ItemKey => ({ pk: `SESMSG#${messageId}`, sk: 'SESMSG' }),
  /** The permanent record of one e-mail to the vendor's contact address: per objection, or the notice's summary. */
  vendorEmail: (
    noticeId: string,
    which:
      | { subject: 'objection'; contractId: string }
      | { subject: 'summary' }
      | { subject: 'withdrawal'; contractId: string },
  ): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk:
      which.subject === 'objection'
        ? `VENDOREMAIL#OBJECTION#${which.contractId}`
        : which.subject === 'withdrawal'
          ? `CLIENTEMAIL#WITHDRAWN#${which.contractId}`
          : 'VENDOREMAIL#SUMMARY',
  }),
  /**
   * gsi1: a client's notices (one item per recipient naming one of its contracts), newest notice
   * first. Written with the recipient at fan-out; the notice's publication time leads the sort key.
   */
  recipientByClient: (clientId: string, publishedAt: string, noticeId: string, contractId: string) => ({
    gsi1pk: `CLIENT#${clientId}#NOTICES`,
    gsi1sk: `NOTICE#${publishedAt}#${noticeId}#${contractId}`,
  }),
  noticesOfClient: (clientId: string) => `CLIENT#${clientId}#NOTICES`,
  /** The permanent record of a contract's one reminder on a notice (claim, message id, token hash, content hash). */
  reminder: (noticeId: string, contractId: string): ItemKey => ({
    pk: `NOTICE#${noticeId}`,
    sk: `REMINDER#${contractId}`,
  }),
  reminderPrefix: 'REMINDER#',
  /** When the next reminder pass over a notice may find something due (outside the REMINDER# range). */
  reminderCheck: (noticeId: string): ItemKey => ({ pk: `NOTICE#${noticeId}`, sk: 'REMINDERCHECK' }),

  /** A tenant's profile item, whichever kind the tenant is (holds `apiKeyCount`, the guard of its last key). */
  tenantProfile: (tenant: { type: 'processor' | 'client'; id: string }): ItemKey => ({
    pk: tenantPartition(tenant),
    sk: 'PROFILE',
  }),
  /** A tenant's own entry for one of its API keys: label, prefix, dates, and the hash that revokes it. */
  tenantApiKey: (tenant: { type: 'processor' | 'client'; id: string }, keyId: string): ItemKey => ({
    pk: tenantPartition(tenant),
    sk: `KEY#${keyId}`,
  }),
  tenantApiKeyPrefix: 'KEY#',
  tenantPartition,
  /**
   * gsi1, on the profile item: the tenants of one kind by creation time (the operator's view, newest
   * first). Written once per tenant, so one partition per kind is no hot spot.
   */
  tenantListing: (type: 'processor' | 'client', createdAt: string, id: string) => ({
    gsi1pk: tenantsOf(type),
    gsi1sk: `${createdAt}#${id}`,
  }),
  tenantsOf,

  /** A tenant's webhook endpoint, in the tenant's partition (its signing secret, its status). */
  webhook: (tenant: { type: 'processor' | 'client'; id: string }, webhookId: string): ItemKey => ({
    pk: tenantPartition(tenant),
    sk: `WEBHOOK#${webhookId}`,
  }),
  webhookPrefix: 'WEBHOOK#',
  /** One delivery (event × endpoint), keyed by its `webhook-id`: the guard of an idempotent fan-out. */
  webhookDelivery: (webhookId: string, messageId: string): ItemKey => ({
    pk: `WEBHOOK#${webhookId}`,
    sk: `DELIVERY#${messageId}`,
  }),
  /** One attempt of a delivery, sorted by time: the endpoint's delivery log. */
  webhookAttempt: (webhookId: string, at: string, messageId: string, attempt: number): ItemKey => ({
    pk: `WEBHOOK#${webhookId}`,
    sk: `ATTEMPT#${at}#${messageId}#${pad(attempt, 2)}`,
  }),
  webhookPartition: (webhookId: string) => `WEBHOOK#${webhookId}`,
  webhookAttemptPrefix: 'ATTEMPT#',
  /** An e-mail subscription, in its processor's partition (the address is normalised: lower case). */
  subscription: (processorId: string, email: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `SUBSCRIPTION#${email}`,
  }),
  subscriptionPrefix: 'SUBSCRIPTION#',
  /** A subscription link's token hash → its subscription (confirm or unsubscribe); never deleted. */
  subscriptionToken: (tokenHash: string): ItemKey => ({ pk: `SUBTOKEN#${tokenHash}`, sk: 'SUBTOKEN' }),
  /** The permanent record of one information e-mail: version × subscriber. */
  subscriptionEmail: (processorId: string, version: number, email: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `SUBEMAIL#${pad(version, 10)}#${email}`,
  }),
  /** An SES message id sent to a subscriber → its subscription (a bounce suppresses the address). */
  subscriptionMessage: (messageId: string): ItemKey => ({ pk: `SUBMSG#${messageId}`, sk: 'SUBMSG' }),
} as const;

export type EntityType =
  | 'Processor'
  | 'Client'
  | 'ApiKey'
  | 'Contract'
  | 'ContractClientLink'
  | 'NoticePeriod'
  | 'ListVersion'
  | 'TenantApiKey'
  | 'Webhook'
  | 'WebhookDelivery'
  | 'WebhookAttempt';

/** Drops the table's own attributes (keys, index keys, entity type) from an item read back. */
export function withoutTableAttributes<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    gsi3pk: _g5,
    gsi3sk: _g6,
    ...rest
  } = item;
  return rest as T;
}
