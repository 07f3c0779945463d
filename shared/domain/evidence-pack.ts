import canonicalizeModule from 'canonicalize';
import type { Principal } from './api-key.js';
import { confirmedByClient } from './contract-state.js';
import { NotFoundError } from './errors.js';
import {
  attemptsOf,
  type DeliveryAttempt,
  type Notice,
  type NoticeChangeRow,
  type NoticeRecipient,
  noticeAsTold,
  type OutcomeRecord,
} from './notice.js';
import type {
  Clock,
  ContractStore,
  ListVersionStore,
  NoticeStore,
  OutcomeCounts,
  RecipientStore,
  ReminderStore,
  SentReminder,
  VersionEffectStore,
} from './ports.js';
import type { ListVersion } from './registry-entities.js';
import { sha256Hex } from './secrets.js';
import { type EffectiveTime, effectiveTimeOf } from './version-effect.js';

// The package is CommonJS (`module.exports = serialize`) while its typings declare an ES default export:
// under NodeNext the default import is the function itself at run time, whatever the typings say.
const canonicalize = canonicalizeModule as unknown as (typeof canonicalizeModule)['default'];

/**
 * RFC 8785 JSON Canonicalization Scheme (keys sorted by UTF-16 code units, ECMAScript number form, no
 * white space): the same content has the same bytes, and so the same SHA-256, on any machine and in any
 * locale; any JCS implementation recomputes it (README, "Evidence pack").
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

export interface EvidenceDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get' | 'page' | 'outcomeRecords'>;
  listVersions: Pick<ListVersionStore, 'get'>;
  contracts: Pick<ContractStore, 'forClient'>;
  reminders: Pick<ReminderStore, 'sentFor'>;
  effects: Pick<VersionEffectStore, 'get'>;
  clock: Clock;
}

export interface EvidencePack {
  kind: 'subprocessor-change-notice-evidence';
  generatedAt: string;
  /** The legal reference data the version was checked with (shared/legal/reference.ts). */
  rulesVersion: string;
  /** What was announced, the same for the processor and every client (no figures that change at close). */
  notice: Notice;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of `notice`: a client and the processor can compare it. */
  noticeSha256: string;
  /**
   * When the version took (or takes) effect: the effective state, the time (while scheduled, the
   * projection), what was asked, and when the registry recorded the effect (null before).
   */
  effect: EffectiveTime & { recordedAt: string | null };
  /**
   * Outcomes once the window closed. A processor sees the whole notice's; a client only its own
   * contract's, so that no client learns how another one decided.
   */
  outcomeCounts: (OutcomeCounts & { scope: 'notice' | 'contract' }) | null;
  listVersions: { before: ListVersion | null; after: ListVersion };
  contracts: Array<{
    contractId: string;
    clientId: string;
    notifiedAddresses: string[];
    noticePeriodDays: number;
    email: {
      sesMessageId: string | null;
      sentAt: string | null;
      /** SHA-256 of the e-mail as sent (subject, text and HTML). */
      contentSha256: string | null;
      delivery: NoticeRecipient['delivery'];
      failure: NonNullable<NoticeRecipient['failure']> | null;
      deliveryEvents: NoticeRecipient['deliveryEvents'];
    };
    /** The one reminder sent before the window closed (issue 10, item 5); null if none was sent. */
    reminder: {
      sesMessageId: string;
      sentAt: string;
      addresses: string[];
      /** SHA-256 of the reminder as sent (subject, text and HTML). */
      contentSha256: string;
      /** The deadline it gave. */
      closesAt: string;
    } | null;
    /** Every e-mail sent or tried for the contract, oldest first; the current one (`email`) last once sent or refused. */
    attempts: DeliveryAttempt[];
    decision: NoticeRecipient['decision'] | null;
    window: { state: NoticeRecipient['windowState']; closesAt: string | null; closedAt: string | null };
    outcome: NoticeRecipient['outcome'] | null;
    /** The append-only record written at close, as stored. */
    outcomeRecord: OutcomeRecord | null;
    /** For a contract with scopes: the changes it was told (scopes.ts); the notice lists every change. */
    changes?: NoticeChangeRow[];
  }>;
  nextCursor?: string;
}

/**
 * Everything that shows what was announced, to whom, when, what came back and what was concluded,
 * for one notice: the notice and its hash, the list versions before and after, each contract's
 * e-mail (SES message id, send time, content hash, delivery events), decision (time, IP, user
 * agent), window and outcome with its append-only record, and the rules version applied.
 * A processor sees every contract (paged); a client only its own; anyone else gets 404.
 */
export async function evidencePack(
  noticeId: string,
  principal: Principal | undefined,
  page: { limit: number; cursor?: string },
  deps: EvidenceDependencies,
): Promise<EvidencePack> {
  const stored = await deps.notices.get(noticeId);
  const notFound = new NotFoundError(`no notice ${noticeId}`);
  if (stored === undefined) throw notFound;

  let recipients: NoticeRecipient[];
  let nextCursor: string | undefined;
  let outcomeCounts: EvidencePack['outcomeCounts'] = null;
  if (principal?.type === 'processor' && principal.id === stored.processorId) {
    if (stored.counts !== undefined) outcomeCounts = { scope: 'notice', ...stored.counts };
    const result = await deps.recipients.page(noticeId, page);
    recipients = result.items;
    nextCursor = result.nextCursor;
  } else if (principal?.type === 'client') {
    // The client's own contract with this processor, once it confirmed it (issue 11); after an ended
    // contract and a new one, the one this notice reached.
    const contracts = (await deps.contracts.forClient(principal.id)).filter(
      (c) => c.processorId === stored.processorId && confirmedByClient(c),
    );
    const found = await Promise.all(contracts.map((c) => deps.recipients.get(noticeId, c.id)));
    const recipient = found.find((r) => r !== undefined);
    if (recipient === undefined) throw notFound;
    recipients = [recipient];
    if (stored.counts !== undefined) outcomeCounts = { scope: 'contract', ...countOutcomes(recipients) };
  } else {
    throw notFound;
  }

  const [before, after, effect] = await Promise.all([
    stored.version > 1 ? deps.listVersions.get(stored.processorId, stored.version - 1) : Promise.resolve(undefined),
    deps.listVersions.get(stored.processorId, stored.version),
    deps.effects.get(stored.processorId, stored.version),
  ]);
  if (after === undefined) throw notFound;
  const first = recipients[0]?.contractId;
  const last = recipients.at(-1)?.contractId;
  const records =
    first === undefined || last === undefined ? [] : await deps.recipients.outcomeRecords(noticeId, first, last);
  const recordOf = new Map(records.map((record) => [record.contractId, record]));
  const reminders =
    first === undefined || last === undefined ? [] : await deps.reminders.sentFor(noticeId, first, last);
  const reminderOf = new Map<string, SentReminder>(reminders.map((reminder) => [reminder.contractId, reminder]));

  const {
    fanOutStartedAt: _started,
    closedEventPublished: _published,
    closedEventClaimedAt: _claimed,
    counts: _counts,
    withdrawnEventPublished: _withdrawnPublished,
    byScope: _byScope,
    ...everything
  } = stored;
  // A client sees only what it was told: with scopes, the changes that concern its contract.
  const only = principal?.type === 'client' ? recipients[0] : undefined;
  const notice = only === undefined ? everything : noticeAsTold(everything, only);
  return {
    kind: 'subprocessor-change-notice-evidence',
    generatedAt: deps.clock.now().toISOString(),
    rulesVersion: after.rulesVersion,
    notice,
    noticeSha256: sha256Hex(canonicalJson(notice)),
    effect: {
      ...effectiveTimeOf(after, effect, deps.clock.now()),
      recordedAt: effect?.state === 'effective' ? (effect.recordedAt ?? null) : null,
    },
    outcomeCounts,
    listVersions: { before: before ?? null, after },
    contracts: recipients.map((r) => ({
      contractId: r.contractId,
      clientId: r.clientId,
      notifiedAddresses: r.notifyEmails,
      noticePeriodDays: r.noticePeriodDays,
      email: {
        sesMessageId: r.sesMessageId ?? null,
        sentAt: r.sentAt ?? null,
        contentSha256: r.contentSha256 ?? null,
        delivery: r.delivery,
        failure: r.failure ?? null,
        deliveryEvents: r.deliveryEvents,
      },
      reminder: reminderEntry(reminderOf.get(r.contractId)),
      attempts: attemptsOf(r),
      decision: r.decision ?? null,
      window: { state: r.windowState, closesAt: r.closesAt ?? null, closedAt: r.closedAt ?? null },
      outcome: r.outcome ?? null,
      outcomeRecord: recordOf.get(r.contractId) ?? null,
      ...(r.changes !== undefined && { changes: r.changes }),
    })),
    ...(nextCursor !== undefined && { nextCursor }),
  };
}

function reminderEntry(reminder: SentReminder | undefined): EvidencePack['contracts'][number]['reminder'] {
  if (reminder === undefined) return null;
  return {
    sesMessageId: reminder.messageId,
    sentAt: reminder.sentAt,
    addresses: reminder.to,
    contentSha256: reminder.contentSha256,
    closesAt: reminder.closesAt,
  };
}

/** The outcome figures of some contracts, in the shape of the notice-wide counts. */
function countOutcomes(recipients: readonly NoticeRecipient[]): OutcomeCounts {
  const counts: OutcomeCounts = { objected: 0, approved: 0, impliedConsent: 0, notNotified: 0, withdrawn: 0 };
  for (const { outcome } of recipients) {
    if (outcome === 'objected') counts.objected += 1;
    else if (outcome === 'approved') counts.approved += 1;
    else if (outcome === 'implied-consent') counts.impliedConsent += 1;
    else if (outcome === 'not-notified') counts.notNotified += 1;
    else if (outcome === 'withdrawn') counts.withdrawn += 1;
  }
  return counts;
}
