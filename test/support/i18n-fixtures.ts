import { type Notice, noticeChangeRows } from '../../shared/domain/notice.js';
import type { DecisionView } from '../../shared/domain/record-decision.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import type { TransferResult } from '../../shared/domain/transfer-queries.js';
import { legalBasisOf, transferFlags } from '../../shared/domain/transfers.js';
import type { NoticeSummary, ObjectionAlert } from '../../shared/domain/vendor-email.js';
import { countryName } from '../../shared/legal/countries.js';
import { anEntry, aUsEntry } from './builders.js';
import { aListVersion } from './in-memory-ports.js';

/**
 * One of every text a person reads, filled with data that touches every branch: each kind of change,
 * each safeguard wording, grounds on several lines, omitted lines. Vendor-typed values (names,
 * addresses, purposes, grounds) are listed in `TYPED_VALUES`: a translation leaves them as typed.
 */
const ovh = anEntry();
const sentry = aUsEntry();
const zendesk = aUsEntry({
  id: 'zendesk',
  name: 'Zendesk, Inc.',
  address: '1019 Market St, San Francisco, CA 94103',
  purpose: 'Customer ticket tracking',
  safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-2026-04' },
});
const hubspot = aUsEntry({
  id: 'hubspot',
  name: 'HubSpot, Inc.',
  address: 'Cambridge, Massachusetts',
  purpose: 'Marketing email sending tool',
  safeguard: { type: 'bcr' },
});
const rescue = anEntry({
  id: 'rescue',
  name: 'Rescue Desk Pty',
  address: 'Sydney NSW 2000',
  country: 'AU',
  purpose: 'Emergency support',
  safeguard: { type: 'derogation', article49Point: 'compelling-legitimate-interests' },
});
const sms = anEntry({
  id: 'sms',
  name: 'Pipedrive OÜ',
  address: 'Tallinn 10111',
  country: 'EE',
  purpose: 'SMS credits for notifications',
  safeguard: { type: 'code-of-conduct', code: 'EU Cloud CoC' },
});

const v1 = aListVersion('prc_acme', [ovh, sentry, zendesk], undefined, '2026-11-01T09:00:00.000Z');
const v2 = aListVersion(
  'prc_acme',
  [{ ...ovh, country: 'DE', address: '2 Am Kellermann, 10115 Berlin' }, zendesk, hubspot, rescue, sms],
  v1,
  '2026-12-01T09:00:00.000Z',
);
const rows = noticeChangeRows(v2, v1);
const added = rows.find((row) => row.name === hubspot.name);
if (added === undefined) throw new Error('fixture: no addition');

export const NOTICE: Notice = {
  id: 'ntc_acme_2',
  processorId: 'prc_acme',
  processorName: 'Acme Cloud SAS',
  version: 2,
  kind: 'objection-window',
  publishedAt: v2.publishedAt,
  effectiveAt: '2026-12-31T23:30:00.000Z',
  // Every kind of line: added, replaced, changed (country, address), removed.
  changes: [...rows, { ...added, change: 'replaced', replaces: 'Functional Software, Inc. (Sentry)' }],
  openedAt: v2.publishedAt,
  state: 'open',
};

export const INFORMATIONAL: Notice = { ...NOTICE, kind: 'informational' };

export const PERSONAL = {
  objectionUrl: 'https://registry.example/objections/Tok3n_abcdefghijklmnopqrstuvwxyz0123456789AB',
  closesAt: '2026-12-16T09:00:00.000Z',
};

export const GROUNDS = 'Our data must stay in the EEA.\nSee clause 7 of our DPA.';

export const DECISION = {
  decision: 'object' as const,
  grounds: GROUNDS,
  at: '2026-12-03T14:05:00.000Z',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
};

export const ALERT: ObjectionAlert = {
  notice: NOTICE,
  contractId: 'ctr_notary',
  clientName: 'Étude Maître Dupont',
  grounds: GROUNDS,
  objectedAt: DECISION.at,
  closesAt: PERSONAL.closesAt,
};

export const SUMMARY: NoticeSummary = {
  notice: NOTICE,
  closedAt: '2026-12-16T09:00:00.000Z',
  counts: { objected: 1, approved: 0, impliedConsent: 2, notNotified: 1, withdrawn: 0 },
  objections: [{ contractId: 'ctr_notary', clientName: 'Étude Maître Dupont', grounds: GROUNDS, at: DECISION.at }],
  notNotified: [{ contractId: 'ctr_school', clientName: 'École Jules Ferry', delivery: 'bounced' }],
  omitted: { objections: 0, notNotified: 3 },
};

const recipient = {
  noticeId: NOTICE.id,
  processorId: 'prc_acme',
  contractId: 'ctr_notary',
  clientId: 'cli_notary',
  notifyEmails: ['dpo@notaire.example'],
  noticePeriodDays: 15,
  delivery: 'delivered' as const,
  deliveryEvents: [],
  sentAt: '2026-12-01T09:00:00.000Z',
  closesAt: PERSONAL.closesAt,
  windowState: 'open' as const,
  outcome: 'pending' as const,
};

export const OPEN_VIEW: Exclude<DecisionView, { kind: 'unknown' }> = { kind: 'open', notice: NOTICE, recipient };
export const DECIDED_VIEW: Exclude<DecisionView, { kind: 'unknown' }> = {
  kind: 'decided',
  notice: NOTICE,
  recipient: { ...recipient, decision: DECISION },
  decision: DECISION,
};
export const CLOSED_VIEW: Exclude<DecisionView, { kind: 'unknown' }> = {
  kind: 'closed',
  notice: { ...NOTICE, state: 'closed' },
  recipient: { ...recipient, windowState: 'closed' },
};
export const WITHDRAWN_VIEW: Exclude<DecisionView, { kind: 'unknown' }> = {
  kind: 'closed',
  notice: { ...NOTICE, state: 'withdrawn', withdrawnAt: '2026-12-05T08:00:00.000Z', withdrawnByVersion: 3 },
  recipient: { ...recipient, windowState: 'closed', outcome: 'withdrawn' },
};

const NOW = new Date('2026-12-10T00:00:00.000Z');

function transfer(entry: SubprocessorEntry, overrides: Partial<TransferResult> = {}): TransferResult {
  const code = entry.country as string;
  return {
    processorId: 'prc_acme',
    processorName: 'Acme Cloud SAS',
    subprocessorName: entry.name,
    level: 1,
    path: [entry.name],
    address: entry.address,
    country: { code, name: countryName(code) },
    inEea: false,
    safeguardType: entry.safeguard.type,
    safeguard: entry.safeguard,
    purpose: entry.purpose,
    dataCategories: ['contact data', 'support tickets'],
    scopes: [],
    sinceVersion: 1,
    since: '2026-11-01T09:00:00.000Z',
    pendingChanges: [],
    flags: transferFlags(entry, new Date('2026-11-01T09:00:00.000Z'), NOW),
    ...legalBasisOf(entry, NOW),
    ...overrides,
  };
}

export const TRANSFERS: TransferResult[] = [
  transfer(sentry, {
    pendingChanges: [{ kind: 'removal', version: 2, effectiveAt: '2026-12-31T23:30:00.000Z' }],
    affectedContracts: [{ contractId: 'ctr_notary', clientId: 'cli_notary' }],
  }),
  transfer({ ...zendesk, safeguard: { type: 'scc', module: 3 } }, { affectedContracts: [] }),
  transfer(hubspot, {
    scopes: ['us-datacenter'],
    sinceVersion: 2,
    pendingChanges: [{ kind: 'addition', version: 2, effectiveAt: '2026-12-31T23:30:00.000Z' }],
  }),
  transfer(rescue),
];

/** What vendors and clients typed, and the ids and links the registry made: left as they are in every language. */
export const TYPED_VALUES: readonly string[] = [
  ...[ovh, sentry, zendesk, hubspot, rescue, sms].flatMap((e) => [e.name, e.address, e.purpose]),
  '2 Am Kellermann, 10115 Berlin',
  'EU Cloud CoC',
  'contact data; support tickets',
  'contact data',
  'support tickets',
  'Acme Cloud SAS',
  'Étude Maître Dupont',
  'École Jules Ferry',
  ...GROUNDS.split('\n'),
  PERSONAL.objectionUrl,
];
