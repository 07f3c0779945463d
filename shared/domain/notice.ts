import type { Language } from '../i18n/language.js';
import { type SafeguardTerms, safeguardLabel, safeguardTermsOf } from '../i18n/legal-labels.js';
import { countryName } from '../legal/countries.js';
import type { ChangedNode } from './list-diff.js';
import type { ListVersion } from './registry-entities.js';
import { type ChainNode, chainNodes, type SubprocessorEntry } from './subprocessor.js';

/**
 * A notice tells every client under contract of one list version (Art. 28(2) GDPR). Window-relevant
 * changes open an objection window per contract; informational ones are only told.
 */
export interface Notice {
  id: string;
  processorId: string;
  processorName: string;
  version: number;
  kind: 'objection-window' | 'informational';
  publishedAt: string;
  effectiveAt: string;
  changes: NoticeChangeRow[];
  openedAt: string;
  /**
   * Set when the list uses scopes (either version): each contract is then told the changes that
   * concern it (scopes.ts), computed at fan-out, and one they do not concern is not told.
   */
  byScope?: true;
  /** withdrawn: the vendor withdrew the change before it took effect (POST …/versions/{n}/withdraw). */
  state: 'open' | 'closed' | 'withdrawn';
  closedAt?: string;
  /** When the change was withdrawn, and by which version (the one restoring the list in force before). */
  withdrawnAt?: string;
  withdrawnByVersion?: number;
}

/** One line of the changes table shown in the e-mail and on the objection page. */
export interface NoticeChangeRow {
  change: 'added' | 'replaced' | 'changed' | 'removed';
  name: string;
  /**
   * Names from the direct sub-processor down to this one: `["Sentry", "Google LLC"]` (Opinion 22/2024).
   * Absent from notices opened before chains, whose rows are all direct entries.
   */
  path?: string[];
  address: string;
  country: string;
  purpose: string;
  safeguard: string;
  replaces?: string;
  changedFields?: string[];
  needsObjectionWindow: boolean;
  /**
   * The terms behind `country` and `safeguard` (English, as the evidence has always kept them), so
   * that each reader gets them in the contract's language (shared/views/changes-table.ts). Absent on
   * rows stored before languages existed: those show the English text.
   */
  countryCode?: string;
  safeguardTerms?: SafeguardTerms;
}

/**
 * `failed`: SES refused the e-mail (a permanent error) or its send job exhausted its retries (the
 * queue's dead-letter path): nothing went out, the window cannot ripen into consent.
 */
export type DeliveryState =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'bounced'
  | 'complained'
  | 'rejected'
  | 'failed';
export type Decision = 'object' | 'approve';
/** withdrawn: the window was open when the vendor withdrew the change; nothing is consented to. */
export type Outcome = 'pending' | 'objected' | 'approved' | 'implied-consent' | 'not-notified' | 'withdrawn';

/**
 * A decision as stored: through the e-mailed link's form (time, IP and user agent of the person who
 * pressed the button; stored decisions from before issue 11 carry no `channel`), or through the API
 * with the client's key (issue 11, item 4).
 */
export type RecordedDecision = {
  decision: Decision;
  grounds?: string;
  at: string;
} & (FormDecisionOrigin | ApiDecisionOrigin);

export interface FormDecisionOrigin {
  channel?: 'form';
  ip: string;
  userAgent: string;
}

export interface ApiDecisionOrigin {
  channel: 'api';
  /** Who decided: the client's own key (the route lets no other key through). */
  principal: { type: 'client'; id: string };
  /** The id of the client's API key used (absent only for a principal built by hand). */
  apiKeyId?: string;
}

/** Which way a decision came: decisions stored before the API channel existed came through the form. */
export function decisionChannel(decision: RecordedDecision): 'form' | 'api' {
  return decision.channel ?? 'form';
}

/** One contract's part of a notice: its e-mail, its window, its decision and its outcome. */
export interface NoticeRecipient {
  noticeId: string;
  processorId: string;
  contractId: string;
  clientId: string;
  notifyEmails: string[];
  noticePeriodDays: number;
  /**
   * The contract's language when the notice reached it (fan-out), or when a resend was asked: every
   * e-mail and page of this notice for this contract is in it. Absent on recipients stored before: English.
   */
  language?: Language;
  delivery: DeliveryState;
  deliveryEvents: Array<{ type: string; at: string; recipient?: string; detail?: string }>;
  sesMessageId?: string;
  sentAt?: string;
  contentSha256?: string;
  /** Set when the e-mail is sent: sentAt + the contract's notice period. Never set before a send. */
  closesAt?: string;
  /**
   * pending: no e-mail went out yet (it closes `not-notified` when the version takes effect, unless one
   * goes out first); none: informational notice, no window.
   */
  windowState: 'pending' | 'open' | 'closed' | 'none';
  decision?: RecordedDecision;
  /** Absent for an informational notice (no window, nothing to decide). */
  outcome?: Outcome;
  closedAt?: string;
  /** Why and when the delivery became `failed`. */
  failure?: { reason: string; at: string };
  /** Earlier e-mails of this contract on this notice, superseded by a resend (evidence). */
  previousAttempts?: DeliveryAttempt[];
  /** The sender holding the send (delivery `sending`), and since when: a claim older than the queue's visibility timeout is dead. */
  claimId?: string;
  claimedAt?: string;
  /** A resend asked for and not yet sent: its id, carried by the e-mail job (the idempotency marker). */
  resendId?: string;
  resendRequestedAt?: string;
  /** SHA-256 of the current link's token, so that a resend can revoke it. */
  tokenHash?: string;
  /** SHA-256 of the reminder's link token (issue 10, item 5), so that a resend revokes it with the first one. */
  reminderTokenHash?: string;
  /**
   * The notice's publication time, copied at fan-out (issue 11): the client's list of its notices
   * (gsi1 `CLIENT#<id>#NOTICES`) sorts by it, newest first. Absent on recipients fanned out before.
   */
  publishedAt?: string;
  /**
   * For a contract with scopes (scopes.ts): the changes that concern it, which it is told instead of
   * the notice's; absent, it is told every change.
   */
  changes?: NoticeChangeRow[];
}

/** The notice as one contract is told it: only the changes that concern it, with a window only if one of them needs it. */
export function noticeAsTold<N extends Notice>(
  notice: N,
  recipient: Pick<NoticeRecipient, 'changes' | 'windowState'>,
): N {
  if (recipient.changes === undefined) return notice;
  return {
    ...notice,
    changes: recipient.changes,
    ...(recipient.windowState === 'none' && { kind: 'informational' as const }),
  };
}

/** One e-mail sent (or tried) to a contract for a notice, as the evidence pack lists it. */
export interface DeliveryAttempt {
  sesMessageId: string | null;
  sentAt: string | null;
  addresses: string[];
  contentSha256: string | null;
  delivery: DeliveryState;
  /** Why it failed, bounced or was refused; null when nothing went wrong. */
  reason: string | null;
  closesAt: string | null;
  deliveryEvents: Array<{ type: string; at: string; recipient?: string; detail?: string }>;
}

/** The recipient's current e-mail as an attempt (the last of the evidence pack's list). */
export function currentAttempt(recipient: NoticeRecipient): DeliveryAttempt {
  const bad = recipient.deliveryEvents.find((e) => ['Bounce', 'Complaint', 'Reject'].includes(e.type));
  return {
    sesMessageId: recipient.sesMessageId ?? null,
    sentAt: recipient.sentAt ?? null,
    addresses: recipient.notifyEmails,
    contentSha256: recipient.contentSha256 ?? null,
    delivery: recipient.delivery,
    reason:
      recipient.failure?.reason ??
      (bad === undefined ? null : `${bad.type}${bad.detail === undefined ? '' : ` (${bad.detail})`}`),
    closesAt: recipient.sentAt === undefined ? null : (recipient.closesAt ?? null),
    deliveryEvents: recipient.deliveryEvents,
  };
}

/** Whether the current e-mail went out or was refused: an attempt the evidence keeps. */
export function wasAttempted(recipient: Pick<NoticeRecipient, 'sentAt' | 'failure'>): boolean {
  return recipient.sentAt !== undefined || recipient.failure !== undefined;
}

/** Every e-mail sent or tried for the contract, oldest first; the current one last, once attempted. */
export function attemptsOf(recipient: NoticeRecipient): DeliveryAttempt[] {
  return [...(recipient.previousAttempts ?? []), ...(wasAttempted(recipient) ? [currentAttempt(recipient)] : [])];
}

/** Written once when a contract's window closes, never updated: the evidence of the outcome. */
export interface OutcomeRecord {
  noticeId: string;
  contractId: string;
  clientId: string;
  outcome: Exclude<Outcome, 'pending'>;
  closedAt: string;
  closesAt: string;
  delivery: DeliveryState;
  decision?: RecordedDecision;
}

/** Deterministic: a notice per (processor, version), so opening it twice opens it once. */
export function noticeIdFor(processorId: string, version: number): string {
  return `ntc_${processorId.replace(/^prc_/, '')}_${version}`;
}

function where(entry: SubprocessorEntry): string {
  return entry.country !== undefined
    ? `${countryName(entry.country)} (${entry.country})`
    : (entry.internationalOrganisation ?? '');
}

function row(node: ChainNode, change: NoticeChangeRow['change'], needsObjectionWindow: boolean): NoticeChangeRow {
  const entry = node.entry;
  return {
    change,
    name: entry.name,
    path: node.names,
    address: entry.address,
    country: where(entry),
    purpose: entry.purpose,
    // The English label stays in the row as the evidence has always kept it.
    safeguard: safeguardLabel(entry.safeguard, 'en'),
    needsObjectionWindow,
    ...(entry.country !== undefined && { countryCode: entry.country }),
    safeguardTerms: safeguardTermsOf(entry.safeguard),
  };
}

/** A row's sub-processor as a person reads it: "Sentry → Google LLC" for an onward one. */
export function chainLabel(row: Pick<NoticeChangeRow, 'path' | 'name'>): string {
  return (row.path ?? [row.name]).join(' → ');
}

/**
 * Finds the entry a change record names in a list: by where it sits (`subprocessors[2].subprocessors[0]`);
 * a record stored before chains has no location and names a direct entry by its key.
 */
function entriesOf(entries: readonly SubprocessorEntry[]) {
  const nodes = chainNodes(entries);
  const byLocation = new Map(nodes.map((node) => [node.location, node]));
  const directByKey = new Map(nodes.filter((node) => node.level === 1).map((node) => [node.keyPath[0], node]));
  return (record: ChangedNode) => (record.at === undefined ? directByKey.get(record.key) : byLocation.get(record.at));
}

/** The changes of a version as rows a person reads: full details of each entry concerned, at every level. */
export function noticeChangeRows(version: ListVersion, previous: ListVersion | undefined): NoticeChangeRow[] {
  const now = entriesOf(version.subprocessors);
  const before = entriesOf(previous?.subprocessors ?? []);
  const rows: NoticeChangeRow[] = [];
  for (const added of version.changes.added) {
    const node = now(added);
    if (node === undefined) continue;
    rows.push({
      ...row(node, added.replaces ? 'replaced' : 'added', true),
      ...(added.replaces && { replaces: added.replaces.name }),
    });
  }
  for (const changed of version.changes.changed) {
    const node = now(changed);
    if (node === undefined) continue;
    rows.push({
      ...row(node, 'changed', changed.classification === 'objection-window'),
      changedFields: changed.fields.map((f) => f.field),
    });
  }
  for (const removed of version.changes.removed) {
    const node = before(removed);
    if (node !== undefined) rows.push(row(node, 'removed', false));
  }
  return rows;
}

/**
 * A notice is stored in one item with its changes table (open-notice.ts), and DynamoDB refuses an item
 * over 400 KB: a change whose table is larger could be published but never notified. 16 KB are left
 * for the notice's other fields.
 */
export const MAX_NOTICE_CHANGES_BYTES = 384 * 1024;

/**
 * The changes table's size as JSON: never less than DynamoDB counts for it (each string's UTF-8 bytes
 * plus its attribute name; JSON adds quotes and separators), so a table under the limit fits.
 */
export function noticeChangesBytes(rows: readonly NoticeChangeRow[]): number {
  return Buffer.byteLength(JSON.stringify(rows), 'utf8');
}

/**
 * The outcome recorded when a contract's window closes. A notice that bounced, drew a complaint, or
 * was never sent cannot ripen into consent (EDPB Guidelines 07/2020: silence counts only where the
 * controller was informed).
 */
export function outcomeAtClose(
  recipient: Pick<NoticeRecipient, 'decision' | 'delivery' | 'sentAt'>,
): Exclude<Outcome, 'pending'> {
  if (recipient.decision?.decision === 'object') return 'objected';
  if (recipient.decision?.decision === 'approve') return 'approved';
  if (
    recipient.sentAt === undefined ||
    ['bounced', 'complained', 'rejected', 'failed', 'queued', 'sending'].includes(recipient.delivery)
  ) {
    return 'not-notified';
  }
  return 'implied-consent';
}
