import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import { MAX_CONFIRMATION_CHANGES } from '../../shared/adapters/dynamodb/contract-client-repository.js';
import type { ApiKeySummary, IssuedApiKey, Tenant } from '../../shared/domain/api-key.js';
import { ConflictError, PreconditionFailedError } from '../../shared/domain/errors.js';
import { type EmailJob, fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { diffLists, needsObjectionWindow } from '../../shared/domain/list-diff.js';
import {
  currentAttempt,
  type Notice,
  type NoticeRecipient,
  type Outcome,
  type OutcomeRecord,
  type RecordedDecision,
  wasAttempted,
} from '../../shared/domain/notice.js';
import { type FanOutPage, openNotice } from '../../shared/domain/open-notice.js';
import type {
  ApiKeyStore,
  AuthenticatedKey,
  ClientContractStore,
  ClientNoticeStore,
  Clock,
  ConditionalOutcome,
  ContractChanges,
  ContractLifecycleStore,
  ContractStore,
  ContractUpdateStore,
  EventPublisher,
  KeyUse,
  ListVersionStore,
  Mailer,
  NoticeStore,
  OpenNoticeRef,
  OutcomeCounts,
  OutgoingEmail,
  Page,
  ProcessorProfileStore,
  QueueSender,
  RecipientRecoveryStore,
  RecipientStore,
  ReminderKey,
  ReminderStore,
  SentReminder,
  StoredNotice,
  TenantApiKeyStore,
  TransferStore,
  VendorEmailKey,
  VendorEmailStore,
  VersionEffectStore,
  VersionRef,
  WindowScheduler,
} from '../../shared/domain/ports.js';
import type { ProcessorProfilePatch } from '../../shared/domain/processor-profile.js';
import type {
  Client,
  ConfirmationChange,
  Contract,
  ListVersion,
  ListVersionSummary,
  Processor,
} from '../../shared/domain/registry-entities.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { DAY_MS } from '../../shared/domain/time.js';
import type { TransferRow } from '../../shared/domain/transfers.js';
import { effectRef, type VersionEffect } from '../../shared/domain/version-effect.js';
import type { EventContract } from '../../shared/events/event-contract.js';
import type { Language } from '../../shared/i18n/language.js';
import { RULES_VERSION } from '../../shared/legal/reference.js';
import { emailRenderer } from '../../shared/views/email-renderer.js';
import { anEntry, aUsEntry } from './builders.js';

/**
 * In-memory fakes of the ports, for the use cases' unit tests. Each keeps the contract of its port
 * as the DynamoDB, SES, SQS, Scheduler and EventBridge adapters implement it, conditions included:
 * a conditional write that loses answers false (or throws where the adapter throws), stored values
 * are copies (a test cannot change the "table" by mutating what it read), and pages behave like
 * DynamoDB's (a full page carries a cursor even when nothing follows).
 *
 * Races are staged with `before(method, run)`: `run` is another writer's change, applied right
 * before the next call of `method` evaluates its condition, as when another Lambda commits first.
 */

const copy = <T>(value: T): T => structuredClone(value);

/** What a conditional write that the adapter does not turn into a boolean throws (a transaction cancelled). */
export class ConditionFailed extends Error {
  override readonly name = 'ConditionFailed';
}

/** An SES, SQS, Scheduler or EventBridge call that fails, as a transient provider error would. */
export class TransientProviderError extends Error {
  override readonly name = 'TransientProviderError';
}

class Interleaving<M extends string> {
  private readonly staged = new Map<M, Array<() => unknown>>();

  /** Runs `run` once, right before the next call of `method` (another writer that commits first). */
  before(method: M, run: () => unknown): void {
    this.staged.set(method, [...(this.staged.get(method) ?? []), run]);
  }

  protected async interleave(method: M): Promise<void> {
    const run = this.staged.get(method)?.shift();
    if (run !== undefined) await run();
  }
}

/** Failures staged for the next calls of a provider port; each is thrown once. */
class Failures {
  private readonly pending: Error[] = [];

  failNext(times = 1, error: () => Error = () => new TransientProviderError('provider unavailable')): void {
    for (let i = 0; i < times; i++) this.pending.push(error());
  }

  protected throwIfStaged(): void {
    const error = this.pending.shift();
    if (error !== undefined) throw error;
  }
}

export class FakeClock implements Clock {
  private at: number;

  constructor(at: string | Date) {
    this.at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: string | Date): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** DynamoDB's Limit: a full page always carries a cursor; the caller finds out with one more, empty, read. */
function pageOf<T>(sorted: readonly T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const items = sorted.slice(0, limit).map(copy);
  const last = items.at(-1);
  return { items, ...(items.length === limit && last !== undefined && { nextCursor: cursorOf(last) }) };
}

type NoticeRow = StoredNotice & { nextCloseCheckAt?: string };

export class InMemoryNoticeStore extends Interleaving<keyof NoticeStore> implements NoticeStore {
  readonly rows = new Map<string, NoticeRow>();

  async open(notice: Notice, firstCloseCheckAt: string | undefined): Promise<boolean> {
    await this.interleave('open');
    if (this.rows.has(notice.id)) return false;
    this.rows.set(notice.id, {
      ...copy(notice),
      ...(firstCloseCheckAt !== undefined && { nextCloseCheckAt: firstCloseCheckAt }),
    });
    return true;
  }

  async get(noticeId: string): Promise<StoredNotice | undefined> {
    await this.interleave('get');
    const row = this.rows.get(noticeId);
    if (row === undefined) return undefined;
    const { nextCloseCheckAt: _check, ...notice } = copy(row);
    return notice;
  }

  async markFanOutStarted(noticeId: string, at: string): Promise<void> {
    await this.interleave('markFanOutStarted');
    const row = this.rows.get(noticeId);
    if (row !== undefined) row.fanOutStartedAt ??= at;
  }

  async listForProcessor(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Notice>> {
    await this.interleave('listForProcessor');
    const before = page.cursor === undefined ? Number.POSITIVE_INFINITY : Number(page.cursor);
    const mine = [...this.rows.values()]
      .filter((n) => n.processorId === processorId && n.version < before)
      .sort((a, b) => b.version - a.version);
    return pageOf(mine, page.limit, (n) => String(n.version));
  }

  async setNextCloseCheck(noticeId: string, at: string, dueBy?: string): Promise<void> {
    await this.interleave('setNextCloseCheck');
    const row = this.rows.get(noticeId);
    const check = row?.nextCloseCheckAt;
    if (row?.state === 'open' && (check === undefined || check > at || (dueBy !== undefined && check <= dueBy))) {
      row.nextCloseCheckAt = at;
    }
  }

  async dueForClosing(now: string, limit = 100): Promise<string[]> {
    await this.interleave('dueForClosing');
    return [...this.rows.values()]
      .filter((n) => n.nextCloseCheckAt !== undefined && n.nextCloseCheckAt <= now)
      .sort((a, b) => (a.nextCloseCheckAt as string).localeCompare(b.nextCloseCheckAt as string))
      .slice(0, limit)
      .map((n) => n.id);
  }

  async close(noticeId: string, closedAt: string, counts: OutcomeCounts): Promise<ConditionalOutcome<StoredNotice>> {
    await this.interleave('close');
    const row = this.rows.get(noticeId);
    if (row?.state !== 'open') {
      if (row === undefined) return { written: false, current: undefined };
      const { nextCloseCheckAt: _check, ...current } = copy(row);
      return { written: false, current };
    }
    Object.assign(row, { state: 'closed', closedAt, counts: copy(counts), closedEventPublished: false });
    delete row.nextCloseCheckAt;
    return { written: true };
  }

  async claimClosedEvent(noticeId: string, at: string, staleBefore: string): Promise<boolean> {
    await this.interleave('claimClosedEvent');
    const row = this.rows.get(noticeId);
    if (
      row?.state !== 'closed' ||
      row.closedEventPublished !== false ||
      (row.closedEventClaimedAt !== undefined && row.closedEventClaimedAt >= staleBefore)
    ) {
      return false;
    }
    row.closedEventClaimedAt = at;
    return true;
  }

  async markClosedEventPublished(noticeId: string): Promise<void> {
    await this.interleave('markClosedEventPublished');
    const row = this.rows.get(noticeId);
    if (row !== undefined) row.closedEventPublished = true;
  }

  /** The sparse index: a notice is in it while it has a close check (opened, not yet closed). */
  async openNotices(page: { limit: number; cursor?: string }): Promise<Page<OpenNoticeRef>> {
    await this.interleave('openNotices');
    const after = page.cursor;
    const open = [...this.rows.values()]
      .filter((n) => n.nextCloseCheckAt !== undefined && (after === undefined || n.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((n) => ({ id: n.id, processorId: n.processorId, kind: n.kind }));
    return pageOf(open, page.limit, (n) => n.id);
  }

  async markWithdrawn(noticeId: string, at: string, byVersion: number): Promise<StoredNotice | undefined> {
    await this.interleave('markWithdrawn');
    const row = this.rows.get(noticeId);
    if (row === undefined) return undefined;
    if (row.state === 'open' || row.state === 'closed') {
      Object.assign(row, { state: 'withdrawn', withdrawnAt: at, withdrawnByVersion: byVersion });
      row.withdrawnEventPublished = false;
      delete row.nextCloseCheckAt;
    }
    const { nextCloseCheckAt: _check, ...notice } = copy(row);
    return notice;
  }

  async recordWithdrawnCounts(noticeId: string, counts: OutcomeCounts): Promise<void> {
    await this.interleave('recordWithdrawnCounts');
    const row = this.rows.get(noticeId);
    if (row?.state === 'withdrawn') row.counts = copy(counts);
  }

  async markWithdrawnEventPublished(noticeId: string): Promise<void> {
    await this.interleave('markWithdrawnEventPublished');
    const row = this.rows.get(noticeId);
    if (row !== undefined) row.withdrawnEventPublished = true;
  }
}

/** The recipient item with the bookkeeping attributes the adapter keeps beside the domain fields. */
export type RecipientRow = NoticeRecipient & {
  claimId?: string;
  claimedAt?: string;
  worstDelivery?: 'bounced' | 'complained' | 'rejected';
  confirmationClaimedAt?: string;
  confirmationMessageId?: string;
};

type Ref = { noticeId: string; contractId: string };
const refKey = (noticeId: string, contractId: string) => `${noticeId}#${contractId}`;

export class InMemoryRecipientStore
  extends Interleaving<keyof RecipientStore | keyof RecipientRecoveryStore>
  implements RecipientStore, RecipientRecoveryStore
{
  readonly rows = new Map<string, RecipientRow>();
  readonly tokens = new Map<string, Ref>();
  readonly sesMessages = new Map<string, Ref>();
  readonly outcomes = new Map<string, OutcomeRecord>();

  /** The stored item as it is, bookkeeping included (what a test reads to check a claim). */
  row(noticeId: string, contractId: string): RecipientRow | undefined {
    const row = this.rows.get(refKey(noticeId, contractId));
    return row === undefined ? undefined : copy(row);
  }

  /** Another writer's change to the stored item (used inside `before`). */
  update(noticeId: string, contractId: string, change: Partial<RecipientRow>): void {
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row === undefined) throw new Error(`no recipient ${noticeId}/${contractId}`);
    Object.assign(row, copy(change));
  }

  async addAllIfAbsent(recipients: readonly NoticeRecipient[]): Promise<number> {
    await this.interleave('addAllIfAbsent');
    let created = 0;
    for (const recipient of recipients) {
      const key = refKey(recipient.noticeId, recipient.contractId);
      if (this.rows.has(key)) continue;
      this.rows.set(key, copy(recipient));
      created += 1;
    }
    return created;
  }

  async get(noticeId: string, contractId: string): Promise<NoticeRecipient | undefined> {
    await this.interleave('get');
    return this.row(noticeId, contractId);
  }

  async page(noticeId: string, page: { limit: number; cursor?: string }): Promise<Page<NoticeRecipient>> {
    await this.interleave('page');
    const after = page.cursor;
    const mine = [...this.rows.values()]
      .filter((r) => r.noticeId === noticeId && (after === undefined || r.contractId > after))
      .sort((a, b) => (a.contractId < b.contractId ? -1 : 1));
    return pageOf(mine, page.limit, (r) => r.contractId);
  }

  async claimForSending(
    noticeId: string,
    contractId: string,
    claim: { id: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined> {
    await this.interleave('claimForSending');
    const row = this.rows.get(refKey(noticeId, contractId));
    const claimable =
      row !== undefined &&
      (row.windowState === 'pending' || row.windowState === 'none') &&
      row.resendId === undefined &&
      (row.delivery === 'queued' ||
        (row.delivery === 'sending' && row.claimedAt !== undefined && row.claimedAt < claim.staleBefore));
    if (!claimable) return undefined;
    Object.assign(row, { delivery: 'sending', claimId: claim.id, claimedAt: claim.at });
    return copy(row);
  }

  async completeSend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: { sesMessageId: string; sentAt: string; closesAt?: string; contentSha256: string; tokenHash?: string },
  ): Promise<void> {
    await this.interleave('completeSend');
    const row = this.rows.get(refKey(noticeId, contractId));
    // One transaction: the send, its SES message id and the token's item are written together or not at all.
    if (
      row === undefined ||
      row.claimId !== claimId ||
      !(row.windowState === 'pending' || row.windowState === 'none') ||
      (sent.tokenHash !== undefined && this.tokens.has(sent.tokenHash))
    ) {
      throw new ConditionFailed(`completeSend ${noticeId}/${contractId}: claim ${claimId} lost`);
    }
    if (sent.tokenHash !== undefined) this.tokens.set(sent.tokenHash, { noticeId, contractId });
    Object.assign(row, {
      delivery: 'sent',
      sesMessageId: sent.sesMessageId,
      sentAt: sent.sentAt,
      contentSha256: sent.contentSha256,
      ...(sent.closesAt !== undefined && { closesAt: sent.closesAt, windowState: 'open' }),
      ...(sent.tokenHash !== undefined && { tokenHash: sent.tokenHash }),
    });
    delete row.claimId;
    this.sesMessages.set(sent.sesMessageId, { noticeId, contractId });
  }

  async releaseClaim(noticeId: string, contractId: string, claimId: string): Promise<void> {
    await this.interleave('releaseClaim');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row === undefined || row.claimId !== claimId) return;
    row.delivery = 'queued';
    delete row.claimId;
    delete row.claimedAt;
  }

  async findByToken(tokenHash: string): Promise<Ref | undefined> {
    await this.interleave('findByToken');
    const ref = this.tokens.get(tokenHash);
    return ref === undefined ? undefined : copy(ref);
  }

  async findBySesMessageId(messageId: string): Promise<Ref | undefined> {
    await this.interleave('findBySesMessageId');
    const ref = this.sesMessages.get(messageId);
    return ref === undefined ? undefined : copy(ref);
  }

  async recordDecision(
    noticeId: string,
    contractId: string,
    decision: RecordedDecision,
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    await this.interleave('recordDecision');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (
      row?.windowState !== 'open' ||
      row.closesAt === undefined ||
      !(row.closesAt > decision.at) ||
      row.decision !== undefined
    ) {
      return { written: false, current: this.row(noticeId, contractId) };
    }
    row.decision = copy(decision);
    return { written: true };
  }

  async outcomeRecords(noticeId: string, first: string, last: string): Promise<OutcomeRecord[]> {
    await this.interleave('outcomeRecords');
    return [...this.outcomes.values()]
      .filter((o) => o.noticeId === noticeId && o.contractId >= first && o.contractId <= last)
      .sort((a, b) => (a.contractId < b.contractId ? -1 : 1))
      .map(copy);
  }

  async close(
    recipient: NoticeRecipient,
    outcome: Exclude<Outcome, 'pending'>,
    closedAt: string,
    options: { beforeDeadline?: boolean } = {},
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    await this.interleave('close');
    const key = refKey(recipient.noticeId, recipient.contractId);
    const row = this.rows.get(key);
    if (
      row === undefined ||
      !(row.windowState === 'pending' || row.windowState === 'open') ||
      (options.beforeDeadline !== true && !(row.closesAt !== undefined && row.closesAt <= closedAt)) ||
      row.delivery !== recipient.delivery ||
      (row.decision !== undefined) !== (recipient.decision !== undefined) ||
      this.outcomes.has(key)
    ) {
      return { written: false, current: this.row(recipient.noticeId, recipient.contractId) };
    }
    this.recordClose(row, recipient, outcome, closedAt);
    return { written: true };
  }

  async closeUnsent(recipient: NoticeRecipient, closedAt: string): Promise<ConditionalOutcome<NoticeRecipient>> {
    await this.interleave('closeUnsent');
    const key = refKey(recipient.noticeId, recipient.contractId);
    const row = this.rows.get(key);
    if (
      row === undefined ||
      row.windowState !== 'pending' ||
      row.sentAt !== undefined ||
      row.delivery !== recipient.delivery ||
      row.decision !== undefined ||
      row.claimId !== recipient.claimId ||
      row.resendId !== recipient.resendId ||
      this.outcomes.has(key)
    ) {
      return { written: false, current: this.row(recipient.noticeId, recipient.contractId) };
    }
    this.recordClose(row, recipient, 'not-notified', closedAt);
    return { written: true };
  }

  private recordClose(
    row: RecipientRow,
    recipient: NoticeRecipient,
    outcome: Exclude<Outcome, 'pending'>,
    closedAt: string,
  ): void {
    Object.assign(row, { windowState: 'closed', outcome, closedAt });
    this.outcomes.set(refKey(recipient.noticeId, recipient.contractId), {
      noticeId: recipient.noticeId,
      contractId: recipient.contractId,
      clientId: recipient.clientId,
      outcome,
      closedAt,
      // A window that never opened has no deadline of its own: it ended when its version took effect.
      closesAt: recipient.closesAt ?? closedAt,
      delivery: recipient.delivery,
      ...(recipient.decision !== undefined && { decision: copy(recipient.decision) }),
    });
  }

  async claimConfirmation(noticeId: string, contractId: string, at: string, staleBefore: string): Promise<boolean> {
    await this.interleave('claimConfirmation');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (
      row?.decision === undefined ||
      row.confirmationMessageId !== undefined ||
      (row.confirmationClaimedAt !== undefined && row.confirmationClaimedAt >= staleBefore)
    ) {
      return false;
    }
    row.confirmationClaimedAt = at;
    return true;
  }

  async releaseConfirmation(noticeId: string, contractId: string, claimedAt: string): Promise<void> {
    await this.interleave('releaseConfirmation');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row?.confirmationClaimedAt === claimedAt && row.confirmationMessageId === undefined) {
      delete row.confirmationClaimedAt;
    }
  }

  async completeConfirmation(noticeId: string, contractId: string, messageId: string): Promise<void> {
    await this.interleave('completeConfirmation');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row !== undefined) row.confirmationMessageId = messageId;
  }

  async recordDeliveryEvent(
    noticeId: string,
    contractId: string,
    event: { type: string; at: string; recipient?: string; detail?: string },
    state: 'delivered' | 'bounced' | 'complained' | 'rejected' | undefined,
    messageId?: string,
  ): Promise<boolean> {
    await this.interleave('recordDeliveryEvent');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row === undefined) throw new ConditionFailed(`recordDeliveryEvent: no recipient ${noticeId}/${contractId}`);
    if (row.deliveryEvents.some((logged) => isDeepStrictEqual(logged, event))) return false;
    if (messageId !== undefined && row.sesMessageId !== messageId) return false;
    row.deliveryEvents.push(copy(event));
    if (state === 'delivered') row.delivery = row.worstDelivery ?? state;
    else if (state !== undefined) {
      row.delivery = state;
      row.worstDelivery = state;
    }
    return true;
  }

  async markFailed(
    noticeId: string,
    contractId: string,
    failure: { reason: string; at: string },
    job: { claimId: string } | { resendId: string | undefined },
  ): Promise<boolean> {
    await this.interleave('markFailed');
    const row = this.rows.get(refKey(noticeId, contractId));
    const ofJob = row !== undefined && ('claimId' in job ? row.claimId === job.claimId : row.resendId === job.resendId);
    if (row === undefined || !ofJob || !['queued', 'sending'].includes(row.delivery) || row.decision !== undefined) {
      return false;
    }
    Object.assign(row, { delivery: 'failed', failure: copy(failure) });
    for (const key of ['claimId', 'claimedAt', 'resendId', 'resendRequestedAt'] as const) delete row[key];
    return true;
  }

  async requestResend(
    expected: NoticeRecipient,
    resend: { id: string; at: string; addresses: string[]; language: Language; now: string },
  ): Promise<ConditionalOutcome<NoticeRecipient>> {
    await this.interleave('requestResend');
    const row = this.rows.get(refKey(expected.noticeId, expected.contractId));
    const asRead =
      row !== undefined &&
      row.resendId === undefined &&
      row.decision === undefined &&
      row.windowState === expected.windowState &&
      row.delivery === expected.delivery &&
      row.deliveryEvents.length === expected.deliveryEvents.length &&
      (row.windowState === 'none' ||
        row.windowState === 'pending' ||
        (row.closesAt !== undefined && row.closesAt > resend.now));
    if (!asRead) return { written: false, current: row === undefined ? undefined : copy(row) };
    if (wasAttempted(expected)) {
      row.previousAttempts = [...(row.previousAttempts ?? []), currentAttempt(expected)];
    }
    Object.assign(row, {
      notifyEmails: [...resend.addresses],
      language: resend.language,
      delivery: 'queued',
      deliveryEvents: [],
      resendId: resend.id,
      resendRequestedAt: resend.at,
    });
    for (const key of [
      'sesMessageId',
      'sentAt',
      'contentSha256',
      'failure',
      'worstDelivery',
      'claimId',
      'claimedAt',
    ] as const) {
      delete row[key];
    }
    return { written: true };
  }

  async releaseResend(noticeId: string, contractId: string, resendId: string): Promise<void> {
    await this.interleave('releaseResend');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (row === undefined || row.resendId !== resendId || row.delivery !== 'queued') return;
    delete row.resendId;
    delete row.resendRequestedAt;
  }

  async claimForResend(
    noticeId: string,
    contractId: string,
    claim: { id: string; resendId: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined> {
    await this.interleave('claimForResend');
    const row = this.rows.get(refKey(noticeId, contractId));
    const claimable =
      row !== undefined &&
      row.resendId === claim.resendId &&
      row.decision === undefined &&
      row.windowState !== 'closed' &&
      (row.delivery === 'queued' ||
        (row.delivery === 'sending' && row.claimedAt !== undefined && row.claimedAt < claim.staleBefore));
    if (!claimable) return undefined;
    Object.assign(row, { delivery: 'sending', claimId: claim.id, claimedAt: claim.at });
    return copy(row);
  }

  async completeResend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: {
      sesMessageId: string;
      sentAt: string;
      closesAt?: string;
      contentSha256: string;
      tokenHash?: string;
      previousTokenHash?: string;
      previousReminderTokenHash?: string;
    },
  ): Promise<void> {
    await this.interleave('completeResend');
    const row = this.rows.get(refKey(noticeId, contractId));
    if (
      row === undefined ||
      row.claimId !== claimId ||
      row.windowState === 'closed' ||
      row.decision !== undefined ||
      (sent.tokenHash !== undefined && this.tokens.has(sent.tokenHash))
    ) {
      throw new ConditionFailed(`completeResend ${noticeId}/${contractId}: claim ${claimId} lost`);
    }
    if (sent.tokenHash !== undefined) this.tokens.set(sent.tokenHash, { noticeId, contractId });
    for (const hash of [sent.previousTokenHash, sent.previousReminderTokenHash]) {
      if (hash !== undefined && hash !== sent.tokenHash) this.tokens.delete(hash);
    }
    delete row.reminderTokenHash;
    Object.assign(row, {
      delivery: 'sent',
      sesMessageId: sent.sesMessageId,
      sentAt: sent.sentAt,
      contentSha256: sent.contentSha256,
      ...(sent.closesAt !== undefined && { closesAt: sent.closesAt, windowState: 'open' }),
      ...(sent.tokenHash !== undefined && { tokenHash: sent.tokenHash }),
    });
    for (const key of ['claimId', 'claimedAt', 'resendId', 'resendRequestedAt'] as const) delete row[key];
    this.sesMessages.set(sent.sesMessageId, { noticeId, contractId });
  }
}

export class InMemoryContractStore
  extends Interleaving<
    keyof ContractStore | keyof ContractUpdateStore | keyof ContractLifecycleStore | keyof ClientContractStore
  >
  implements ContractStore, ContractUpdateStore, ContractLifecycleStore, ClientContractStore
{
  /** By processor and contract id, the table's key. */
  readonly rows = new Map<string, Contract>();

  /**
   * The clients the registry knows. Creation no longer checks them (an unknown and a foreign client
   * id get the same answer, issue 11); kept for the fixtures that register their clients.
   */
  constructor(readonly clientIds = new Set<string>()) {
    super();
  }

  /** One active contract per processor × client, as the table's guard item (CLIENTLINK#) keeps it. */
  async create(contract: Contract): Promise<void> {
    await this.interleave('create');
    const active = [...this.rows.values()].find(
      (c) => c.processorId === contract.processorId && c.clientId === contract.clientId && c.endedAt === undefined,
    );
    if (active !== undefined) {
      throw new ConflictError(
        `processor ${contract.processorId} already has an active contract with client ${contract.clientId} (${active.id}): end it first`,
      );
    }
    const key = `${contract.processorId}#${contract.id}`;
    if (this.rows.has(key)) throw new ConflictError(`contract ${contract.id} exists already: send again`);
    this.rows.set(key, copy(contract));
  }

  async page(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    await this.interleave('page');
    const after = page.cursor;
    const mine = [...this.rows.values()]
      .filter((c) => c.processorId === processorId && (after === undefined || c.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return pageOf(mine, page.limit, (c) => c.id);
  }

  /** Filled pages, as the adapter's filtered query: only the state asked for, up to `limit`. */
  async pageByState(
    processorId: string,
    page: { state?: 'active' | 'ended'; limit: number; cursor?: string },
  ): Promise<Page<Contract>> {
    await this.interleave('pageByState');
    const after = page.cursor;
    const mine = [...this.rows.values()]
      .filter((c) => c.processorId === processorId && (after === undefined || c.id > after))
      .filter((c) => page.state === undefined || (page.state === 'ended') === (c.endedAt !== undefined))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return pageOf(mine, page.limit, (c) => c.id);
  }

  /** Ended contracts no longer count: the adapter deletes their notice-period item. */
  async longestNoticePeriodDays(processorId: string): Promise<number | undefined> {
    await this.interleave('longestNoticePeriodDays');
    const periods = [...this.rows.values()]
      .filter((c) => c.processorId === processorId && c.endedAt === undefined)
      .map((c) => c.noticePeriodDays);
    return periods.length === 0 ? undefined : Math.max(...periods);
  }

  async forClient(clientId: string): Promise<Contract[]> {
    await this.interleave('forClient');
    return [...this.rows.values()].filter((c) => c.clientId === clientId).map(copy);
  }
  async get(processorId: string, contractId: string): Promise<Contract | undefined> {
    await this.interleave('get');
    const contract = this.rows.get(`${processorId}#${contractId}`);
    return contract === undefined ? undefined : copy(contract);
  }

  /** Conditional on the period read and on not being ended, as the adapter's transaction. */
  async update(expected: Contract, changes: ContractChanges): Promise<boolean> {
    await this.interleave('update');
    const row = this.rows.get(`${expected.processorId}#${expected.id}`);
    if (row === undefined || row.noticePeriodDays !== expected.noticePeriodDays || row.endedAt !== undefined) {
      return false;
    }
    Object.assign(row, copy(Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))));
    return true;
  }

  /** Conditional on not ended and the period read, as the adapter's transaction. */
  async end(expected: Contract, endedAt: string): Promise<ConditionalOutcome<Contract>> {
    await this.interleave('end');
    const row = this.rows.get(`${expected.processorId}#${expected.id}`);
    if (row === undefined || row.endedAt !== undefined || row.noticePeriodDays !== expected.noticePeriodDays) {
      return { written: false, current: row === undefined ? undefined : copy(row) };
    }
    row.endedAt = endedAt;
    return { written: true };
  }

  async pageForClient(clientId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>> {
    await this.interleave('pageForClient');
    const sortKey = (c: Contract) => `${c.processorId}#${c.id}`;
    const after = page.cursor;
    const theirs = [...this.rows.values()]
      .filter((c) => c.clientId === clientId && (after === undefined || sortKey(c) > after))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return pageOf(theirs, page.limit, sortKey);
  }

  async findForClient(clientId: string, contractId: string): Promise<Contract | undefined> {
    await this.interleave('findForClient');
    const found = [...this.rows.values()].find((c) => c.clientId === clientId && c.id === contractId);
    return found === undefined ? undefined : copy(found);
  }

  /** As the adapter's conditional update: names the client, state differs, history not full. */
  async setConfirmation(
    contract: Pick<Contract, 'processorId' | 'id' | 'clientId'>,
    change: ConfirmationChange,
  ): Promise<{ written: true; contract: Contract } | { written: false; current: Contract | undefined }> {
    await this.interleave('setConfirmation');
    const row = this.rows.get(`${contract.processorId}#${contract.id}`);
    if (
      row === undefined ||
      row.clientId !== contract.clientId ||
      row.confirmation === change.confirmation ||
      (row.confirmationHistory?.length ?? 0) >= MAX_CONFIRMATION_CHANGES
    ) {
      return { written: false, current: row === undefined ? undefined : copy(row) };
    }
    row.confirmation = change.confirmation;
    row.confirmationChangedAt = change.at;
    row.confirmationHistory = [...(row.confirmationHistory ?? []), copy(change)];
    return { written: true, contract: copy(row) };
  }
}

/** The client's notices over the recipients' rows, as the adapter's gsi1 query: newest notice first. */
export class InMemoryClientNoticeStore implements ClientNoticeStore {
  constructor(private readonly recipients: InMemoryRecipientStore) {}

  async pageForClient(
    clientId: string,
    page: { contractIds: ReadonlySet<string>; openAt?: string; limit: number; cursor?: string },
  ): Promise<Page<NoticeRecipient>> {
    const sortKey = (r: NoticeRecipient) => `${r.publishedAt ?? ''}#${r.noticeId}#${r.contractId}`;
    const { openAt, cursor } = page;
    const theirs = [...this.recipients.rows.values()]
      .filter((r) => r.clientId === clientId && r.publishedAt !== undefined && page.contractIds.has(r.contractId))
      .filter(
        (r) => openAt === undefined || (r.windowState === 'open' && r.closesAt !== undefined && r.closesAt > openAt),
      )
      .filter((r) => cursor === undefined || sortKey(r) < cursor)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    return pageOf(theirs, page.limit, sortKey);
  }
}

export class InMemoryListVersionStore extends Interleaving<keyof ListVersionStore> implements ListVersionStore {
  readonly versions = new Map<string, ListVersion>();
  readonly current = new Map<string, number>();

  async get(processorId: string, version: number): Promise<ListVersion | undefined> {
    await this.interleave('get');
    const found = this.versions.get(`${processorId}#${version}`);
    return found === undefined ? undefined : copy(found);
  }

  async latest(processorId: string): Promise<ListVersion | undefined> {
    await this.interleave('latest');
    const current = this.current.get(processorId);
    return current === undefined ? undefined : this.get(processorId, current);
  }

  async history(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<ListVersionSummary>> {
    await this.interleave('history');
    const before = page.cursor === undefined ? Number.POSITIVE_INFINITY : Number.parseInt(page.cursor, 10);
    const mine = [...this.versions.values()]
      .filter((v) => v.processorId === processorId && v.version < before)
      .sort((a, b) => b.version - a.version)
      .map(({ subprocessors: _entries, ...summary }) => summary);
    const result = pageOf(mine, page.limit, (v) => String(v.version));
    return result.items.at(-1)?.version === 1 ? { items: result.items } : result;
  }

  /** The effects a withdrawal marks in the same transaction (set by inMemoryPorts). */
  effects: InMemoryVersionEffectStore | undefined;

  async publish(
    version: ListVersion,
    expectedCurrent: number | undefined,
    withdrawn?: ListVersionSummary,
  ): Promise<void> {
    await this.interleave('publish');
    if (this.current.get(version.processorId) !== expectedCurrent) {
      throw new PreconditionFailedError(
        `If-Match: version "${expectedCurrent ?? 'none'}" is stale; another change was published meanwhile — read the list again`,
      );
    }
    if (withdrawn !== undefined) {
      const effect = await this.effects?.get(version.processorId, withdrawn.version);
      if (effect !== undefined && effect.state !== 'scheduled') {
        throw new ConflictError(`version ${withdrawn.version} took effect meanwhile`);
      }
      this.effects?.withdraw(version.processorId, withdrawn.version, withdrawn.effectiveAt);
    }
    this.versions.set(`${version.processorId}#${version.version}`, copy(version));
    this.current.set(version.processorId, version.version);
  }
}

/** Version effects: the same conditions as VersionEffectRepository (an absent item is scheduled at the requested time). */
export class InMemoryVersionEffectStore extends Interleaving<keyof VersionEffectStore> implements VersionEffectStore {
  readonly rows = new Map<string, VersionEffect>();

  async get(processorId: string, version: number): Promise<VersionEffect | undefined> {
    await this.interleave('get');
    const found = this.rows.get(effectRef(processorId, version));
    return found === undefined ? undefined : copy(found);
  }

  async getMany(refs: readonly Pick<VersionRef, 'processorId' | 'version'>[]): Promise<Map<string, VersionEffect>> {
    await this.interleave('getMany');
    const found = new Map<string, VersionEffect>();
    for (const ref of refs) {
      const effect = this.rows.get(effectRef(ref.processorId, ref.version));
      if (effect !== undefined) found.set(effectRef(ref.processorId, ref.version), copy(effect));
    }
    return found;
  }

  async extendProjection(ref: VersionRef, closesAt: string): Promise<'extended' | 'unchanged' | 'settled'> {
    await this.interleave('extendProjection');
    const key = effectRef(ref.processorId, ref.version);
    const row = this.rows.get(key);
    if (row === undefined) {
      if (!(closesAt > ref.requestedEffectiveAt)) return 'unchanged';
      this.rows.set(key, {
        processorId: ref.processorId,
        version: ref.version,
        state: 'scheduled',
        requestedEffectiveAt: ref.requestedEffectiveAt,
        effectiveAt: closesAt,
      });
      return 'extended';
    }
    if (row.state !== 'scheduled') return 'settled';
    if (!(row.effectiveAt < closesAt)) return 'unchanged';
    row.effectiveAt = closesAt;
    return 'extended';
  }

  async takeEffect(
    ref: VersionRef,
    effectiveAt: string,
    recordedAt: string,
  ): Promise<ConditionalOutcome<VersionEffect>> {
    await this.interleave('takeEffect');
    const key = effectRef(ref.processorId, ref.version);
    const row = this.rows.get(key);
    if (row !== undefined && row.state !== 'scheduled') return { written: false, current: copy(row) };
    this.rows.set(key, {
      processorId: ref.processorId,
      version: ref.version,
      requestedEffectiveAt: row?.requestedEffectiveAt ?? ref.requestedEffectiveAt,
      state: 'effective',
      effectiveAt,
      recordedAt,
      effectiveEventPublished: false,
    });
    return { written: true };
  }

  async claimEffectiveEvent(processorId: string, version: number, at: string, staleBefore: string): Promise<boolean> {
    await this.interleave('claimEffectiveEvent');
    const row = this.rows.get(effectRef(processorId, version));
    if (
      row?.state !== 'effective' ||
      row.effectiveEventPublished !== false ||
      (row.effectiveEventClaimedAt !== undefined && row.effectiveEventClaimedAt >= staleBefore)
    ) {
      return false;
    }
    row.effectiveEventClaimedAt = at;
    return true;
  }

  async markEffectiveEventPublished(processorId: string, version: number): Promise<void> {
    await this.interleave('markEffectiveEventPublished');
    const row = this.rows.get(effectRef(processorId, version));
    if (row !== undefined) row.effectiveEventPublished = true;
  }

  /** What a withdrawal's transaction writes (ListVersionRepository.publish of a `withdraws` version). */
  withdraw(processorId: string, version: number, requestedEffectiveAt: string): void {
    const key = effectRef(processorId, version);
    const row = this.rows.get(key);
    if (row !== undefined && row.state !== 'scheduled') throw new ConditionFailed(`version ${version} is ${row.state}`);
    this.rows.set(key, {
      processorId,
      version,
      requestedEffectiveAt: row?.requestedEffectiveAt ?? requestedEffectiveAt,
      effectiveAt: row?.effectiveAt ?? requestedEffectiveAt,
      state: 'withdrawn',
    });
  }
}

/** The transfer projection: rows per processor, a later version's row never overwritten by an earlier one. */
export class InMemoryTransferStore implements Pick<TransferStore, 'forProcessor' | 'apply'> {
  readonly rows = new Map<string, TransferRow>();
  applied = 0;

  async forProcessor(processorId: string): Promise<TransferRow[]> {
    return [...this.rows.values()].filter((row) => row.processorId === processorId).map(copy);
  }

  async apply(rows: readonly TransferRow[]): Promise<void> {
    this.applied += 1;
    for (const row of rows) {
      const key = `${row.processorId}#${row.entryKey}`;
      const stored = this.rows.get(key);
      if (stored === undefined || stored.projectedVersion <= row.projectedVersion) this.rows.set(key, copy(row));
    }
  }
}

/** SES: keeps every accepted e-mail with the message id it returned. */
export class InMemoryMailer extends Failures implements Mailer {
  readonly sent: Array<OutgoingEmail & { messageId: string }> = [];
  attempts = 0;

  async send(email: OutgoingEmail): Promise<string> {
    this.attempts += 1;
    this.throwIfStaged();
    const messageId = `ses-${this.attempts}`;
    this.sent.push({ ...copy(email), messageId });
    return messageId;
  }
}

/** An SQS queue: keeps what was sent until a test takes it, as a consumer would receive it. */
export class InMemoryQueue<M> extends Failures implements QueueSender<M> {
  readonly messages: M[] = [];

  async sendAll(messages: readonly M[]): Promise<void> {
    this.throwIfStaged();
    this.messages.push(...messages.map(copy));
  }

  /** Receives (and removes) every message sent so far. */
  take(): M[] {
    return this.messages.splice(0);
  }
}

/** EventBridge Scheduler: one schedule per (notice, time); arming the same one again is a no-op, as in the adapter. */
export class InMemoryWindowScheduler extends Failures implements WindowScheduler {
  readonly schedules: Array<{ noticeId: string; at: string }> = [];

  async scheduleClose(noticeId: string, at: Date): Promise<void> {
    this.throwIfStaged();
    const when = at.toISOString();
    if (!this.schedules.some((s) => s.noticeId === noticeId && s.at === when)) {
      this.schedules.push({ noticeId, at: when });
    }
  }
}

/** The event bus: checks each detail against its contract (as the adapter does) and keeps it. */
export class InMemoryEventPublisher extends Failures implements EventPublisher {
  readonly published: Array<{ detailType: string; detail: unknown }> = [];

  async publish<S extends z.ZodType>(contract: EventContract<S>, detail: z.input<S>): Promise<void> {
    this.throwIfStaged();
    this.published.push({ detailType: contract.detailType, detail: contract.schema.parse(detail) });
  }

  ofType(detailType: string): unknown[] {
    return this.published.filter((e) => e.detailType === detailType).map((e) => e.detail);
  }
}

/** Every port of the notice use cases, in memory, on one clock. */
export function inMemoryPorts(now: string | Date = '2026-01-05T09:00:00.000Z') {
  const listVersions = new InMemoryListVersionStore();
  const effects = new InMemoryVersionEffectStore();
  listVersions.effects = effects;
  const recipients = new InMemoryRecipientStore();
  const contracts = new InMemoryContractStore();
  return {
    clock: new FakeClock(now),
    notices: new InMemoryNoticeStore(),
    recipients,
    contracts,
    /** The client's side of the same contracts (one table in the adapter, one store here). */
    clientContracts: contracts,
    clientNotices: new InMemoryClientNoticeStore(recipients),
    listVersions,
    mailer: new InMemoryMailer(),
    renderer: emailRenderer,
    emailJobs: new InMemoryQueue<EmailJob>(),
    fanOutPages: new InMemoryQueue<FanOutPage>(),
    scheduler: new InMemoryWindowScheduler(),
    events: new InMemoryEventPublisher(),
    effects,
    transfers: new InMemoryTransferStore(),
    claimTimeoutMs: EMAIL_CLAIM_TIMEOUT_MS,
  };
}

export type InMemoryPorts = ReturnType<typeof inMemoryPorts>;

// ---- Test data: a notice taken through the real use cases, on the fakes above ----

export const PUBLIC_BASE_URL = 'https://registry.example';
/** The notice e-mails' claim timeout: the e-mail queue's visibility timeout. */
export const EMAIL_CLAIM_TIMEOUT_MS = 5 * 60_000;

/** A list version whose changes are computed from `previous`, as publishSubprocessorList stores it. */
export function aListVersion(
  processorId: string,
  subprocessors: SubprocessorEntry[],
  previous: ListVersion | undefined,
  publishedAt: string,
  /** Publication plus the longest notice period, as publishSubprocessorList computes it. */
  effectiveAfterDays = 30,
): ListVersion {
  const changes = diffLists(previous?.subprocessors ?? [], subprocessors);
  const baseline = previous === undefined;
  return {
    processorId,
    processorName: 'Acme Cloud SAS',
    version: (previous?.version ?? 0) + 1,
    subprocessors,
    changes,
    baseline,
    needsObjectionWindow: !baseline && needsObjectionWindow(changes),
    warnings: [],
    publishedAt,
    effectiveAt: new Date(Date.parse(publishedAt) + effectiveAfterDays * DAY_MS).toISOString(),
    rulesVersion: RULES_VERSION,
    contentSha256: 'sha256-of-the-list',
  };
}

/**
 * Contracts of one processor with the given notice periods, signed an hour before `clock`'s now; each
 * in the language at its index of `languages` (none: a contract stored before languages existed).
 */
export async function contractsOf(
  ports: InMemoryPorts,
  processorId: string,
  periods: number[],
  languages: ReadonlyArray<Language | undefined> = [],
): Promise<Contract[]> {
  const signedAt = new Date(ports.clock.now().getTime() - 3_600_000).toISOString();
  const created: Contract[] = [];
  for (const [index, noticePeriodDays] of periods.entries()) {
    const clientId = `cli_${processorId}_${index}`;
    ports.contracts.clientIds.add(clientId);
    const contract: Contract = {
      id: `ctr_${String(index).padStart(3, '0')}`,
      processorId,
      clientId,
      notifyEmails: [`dpo${index}@client${index}.example`],
      noticePeriodDays,
      ...(languages[index] !== undefined && { language: languages[index] }),
      createdAt: signedAt,
      // The client's views show only contracts it confirmed (issue 11): these fixtures are its own.
      confirmation: 'confirmed',
    };
    await ports.contracts.create(contract);
    created.push(contract);
  }
  return created;
}

/**
 * Publishes a baseline and then a version that `adds` an entry (an objection window) or only edits an
 * address (informational); returns the stored versions. The notice is not opened.
 */
export async function twoVersions(
  ports: InMemoryPorts,
  processorId: string,
  change: 'adds' | 'edits-address' = 'adds',
  effectiveAfterDays = 30,
): Promise<[ListVersion, ListVersion]> {
  const now = ports.clock.now().toISOString();
  const first = aListVersion(processorId, [anEntry()], undefined, now);
  await ports.listVersions.publish(first, undefined);
  const next =
    change === 'adds'
      ? [anEntry(), aUsEntry()]
      : [anEntry({ address: '2 rue Kellermann, 59100 Roubaix, FR (new building)' })];
  const second = aListVersion(processorId, next, first, now, effectiveAfterDays);
  await ports.listVersions.publish(second, 1);
  return [first, second];
}

/** Runs every queued fan-out page and then every queued e-mail job, as the two queues' consumers would. */
export async function drainQueues(ports: InMemoryPorts): Promise<void> {
  for (let pages = ports.fanOutPages.take(); pages.length > 0; pages = ports.fanOutPages.take()) {
    for (const page of pages) await fanOutNoticePage(page, ports);
  }
  for (const job of ports.emailJobs.take()) await sendNoticeEmail(job, emailDependencies(ports));
}

export function emailDependencies(ports: InMemoryPorts) {
  return { ...ports, publicBaseUrl: PUBLIC_BASE_URL, claimTimeoutMs: EMAIL_CLAIM_TIMEOUT_MS };
}

/** The link token of each contract's notice e-mail, read from the e-mails the fake SES accepted. */
export function linkTokens(ports: InMemoryPorts): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const email of ports.mailer.sent) {
    const token = /\/objections\/([A-Za-z0-9_-]{43})/.exec(email.text)?.[1];
    if (token !== undefined && email.tags.contractId !== undefined) tokens.set(email.tags.contractId, token);
  }
  return tokens;
}

/**
 * A notice of `processorId` opened, fanned out and e-mailed to one contract per notice period, all
 * through the real use cases: what the close, decision and delivery use cases start from.
 */
export async function aNoticeSent(
  ports: InMemoryPorts,
  periods: number[],
  options: {
    processorId?: string;
    change?: 'adds' | 'edits-address';
    languages?: ReadonlyArray<Language | undefined>;
  } = {},
) {
  const processorId = options.processorId ?? 'prc_acme';
  const contracts = await contractsOf(ports, processorId, periods, options.languages);
  const [, version] = await twoVersions(ports, processorId, options.change, Math.max(...periods));
  const notice = await openNotice({ processorId, version: version.version }, ports);
  if (notice === undefined) throw new Error('the notice did not open');
  await drainQueues(ports);
  return { notice, contracts, tokens: linkTokens(ports) };
}

// ---- The vendor's profile and the e-mails to its contact address (issue 10, item 4) ----

/** Processor profiles: one conditional write per PATCH, each field its own SET or REMOVE, as the adapter does. */
export class InMemoryProcessorStore extends Interleaving<keyof ProcessorProfileStore> implements ProcessorProfileStore {
  readonly rows = new Map<string, Processor>();

  add(processor: Processor): void {
    this.rows.set(processor.id, copy(processor));
  }

  async get(id: string): Promise<Processor | undefined> {
    await this.interleave('get');
    const row = this.rows.get(id);
    return row === undefined ? undefined : copy(row);
  }

  async updateProfile(id: string, patch: ProcessorProfilePatch, updatedAt: string): Promise<Processor | undefined> {
    await this.interleave('updateProfile');
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    for (const field of ['name', 'address', 'contactEmail', 'reminderDaysBefore', 'defaultLanguage'] as const) {
      const value = patch[field];
      if (value === null) delete row[field];
      else if (value !== undefined) Object.assign(row, { [field]: value });
    }
    row.updatedAt = updatedAt;
    return copy(row);
  }
}

/** Client profiles, read by name. */
export class InMemoryClientStore {
  readonly rows = new Map<string, Client>();

  add(client: Client): void {
    this.rows.set(client.id, copy(client));
  }

  async get(id: string): Promise<Client | undefined> {
    const row = this.rows.get(id);
    return row === undefined ? undefined : copy(row);
  }
}

export type VendorEmailRow = {
  claimedAt?: string;
  messageId?: string;
  sentAt?: string;
  to?: string[];
  subject?: string;
  contentSha256?: string;
};
const vendorEmailKey = (key: VendorEmailKey) =>
  key.subject === 'summary' ? `${key.noticeId}#summary` : `${key.noticeId}#${key.subject}#${key.contractId}`;

/** The permanent records of the vendor e-mails, with the adapter's conditions. */
export class InMemoryVendorEmailStore extends Interleaving<keyof VendorEmailStore> implements VendorEmailStore {
  readonly rows = new Map<string, VendorEmailRow>();

  row(key: VendorEmailKey): VendorEmailRow | undefined {
    const row = this.rows.get(vendorEmailKey(key));
    return row === undefined ? undefined : copy(row);
  }

  async claim(key: VendorEmailKey, at: string, staleBefore: string): Promise<boolean> {
    await this.interleave('claim');
    const row = this.rows.get(vendorEmailKey(key)) ?? {};
    if (row.messageId !== undefined || (row.claimedAt !== undefined && row.claimedAt >= staleBefore)) return false;
    this.rows.set(vendorEmailKey(key), { ...row, claimedAt: at });
    return true;
  }

  async complete(
    key: VendorEmailKey,
    sent: { messageId: string; sentAt: string; to: string[]; subject: string; contentSha256: string },
  ): Promise<void> {
    await this.interleave('complete');
    this.rows.set(vendorEmailKey(key), { ...this.rows.get(vendorEmailKey(key)), ...copy(sent) });
  }

  async release(key: VendorEmailKey, claimedAt: string): Promise<void> {
    await this.interleave('release');
    const row = this.rows.get(vendorEmailKey(key));
    if (row?.claimedAt === claimedAt && row.messageId === undefined) delete row.claimedAt;
  }

  async get(key: VendorEmailKey) {
    await this.interleave('get');
    return this.row(key);
  }
}

/** Every port of the notice use cases, plus the profiles and the vendor e-mail records. */
export function vendorPorts(now: string | Date = '2026-01-05T09:00:00.000Z') {
  return {
    ...inMemoryPorts(now),
    processors: new InMemoryProcessorStore(),
    clients: new InMemoryClientStore(),
    vendorEmails: new InMemoryVendorEmailStore(),
  };
}

export type VendorPorts = ReturnType<typeof vendorPorts>;

// ---- Reminders before a window closes (issue 10, item 5) ----

export type ReminderRow = Partial<SentReminder> & { claimedAt?: string; tokenHash?: string };
const reminderKey = (key: ReminderKey) => `${key.noticeId}#${key.contractId}`;

/**
 * The permanent records of the reminders, with the adapter's conditions; `complete` writes the link's
 * token into the recipient store's tokens, as the adapter's transaction puts the token item.
 */
export class InMemoryReminderStore extends Interleaving<keyof ReminderStore> implements ReminderStore {
  readonly rows = new Map<string, ReminderRow>();

  constructor(private readonly recipients: InMemoryRecipientStore) {
    super();
  }

  row(key: ReminderKey): ReminderRow | undefined {
    const row = this.rows.get(reminderKey(key));
    return row === undefined ? undefined : copy(row);
  }

  async claim(key: ReminderKey, at: string, staleBefore: string): Promise<boolean> {
    await this.interleave('claim');
    const row = this.rows.get(reminderKey(key)) ?? {};
    if (row.messageId !== undefined || (row.claimedAt !== undefined && row.claimedAt >= staleBefore)) return false;
    this.rows.set(reminderKey(key), { ...row, claimedAt: at });
    return true;
  }

  async complete(
    key: ReminderKey,
    claimedAt: string,
    { attemptSentAt, ...sent }: SentReminder & { tokenHash: string; attemptSentAt: string },
  ): Promise<void> {
    await this.interleave('complete');
    const row = this.rows.get(reminderKey(key));
    const recipient = this.recipients.row(key.noticeId, key.contractId);
    // One transaction: the record, the token item and the recipient's note of the token, or nothing.
    if (
      row?.claimedAt !== claimedAt ||
      row.messageId !== undefined ||
      this.recipients.tokens.has(sent.tokenHash) ||
      recipient?.sentAt !== attemptSentAt
    ) {
      throw new ConditionFailed(`reminder ${reminderKey(key)}: claim ${claimedAt} lost`);
    }
    this.recipients.tokens.set(sent.tokenHash, { noticeId: key.noticeId, contractId: key.contractId });
    this.recipients.update(key.noticeId, key.contractId, { reminderTokenHash: sent.tokenHash });
    Object.assign(row, copy(sent));
  }

  async release(key: ReminderKey, claimedAt: string): Promise<void> {
    await this.interleave('release');
    const row = this.rows.get(reminderKey(key));
    if (row?.claimedAt === claimedAt && row.messageId === undefined) delete row.claimedAt;
  }

  readonly nextChecks = new Map<string, string>();

  async nextCheck(noticeId: string): Promise<string | undefined> {
    await this.interleave('nextCheck');
    return this.nextChecks.get(noticeId);
  }

  async setNextCheck(noticeId: string, at: string): Promise<void> {
    await this.interleave('setNextCheck');
    this.nextChecks.set(noticeId, at);
  }

  async sentFor(noticeId: string, first: string, last: string): Promise<SentReminder[]> {
    await this.interleave('sentFor');
    return [...this.rows.entries()]
      .filter(([k, row]) => k.startsWith(`${noticeId}#`) && row.messageId !== undefined)
      .map(([, row]) => row as SentReminder & { tokenHash?: string })
      .filter((row) => row.contractId >= first && row.contractId <= last)
      .sort((a, b) => (a.contractId < b.contractId ? -1 : 1))
      .map(({ contractId, messageId, sentAt, to, contentSha256, closesAt }) =>
        copy({ contractId, messageId, sentAt, to, contentSha256, closesAt }),
      );
  }
}

/** Every port of the notice use cases, the profiles, and the reminder records. */
export function reminderPorts(now: string | Date = '2026-01-05T09:00:00.000Z') {
  const ports = vendorPorts(now);
  return { ...ports, reminders: new InMemoryReminderStore(ports.recipients), publicBaseUrl: PUBLIC_BASE_URL };
}

export type ReminderPorts = ReturnType<typeof reminderPorts>;

// ---- API keys (issue 11, item 1) ----

type TenantKeyRow = {
  tenant: Tenant;
  keyId: string;
  label: string;
  prefix: string;
  createdAt: string;
  hash: string;
  lastUsedAt?: string;
  revokedAt?: string;
};
type LookupRow = { tenant: Tenant; keyId?: string; createdAt: string; lastUsedAt?: string; revokedAt?: string };
const tenantKey = (tenant: Tenant) => `${tenant.type}#${tenant.id}`;

/**
 * The key items as the DynamoDB adapters keep them: a lookup row per hash (what authentication
 * reads), the tenant's entry per key id, and the tenant's `apiKeyCount`, with the same conditions
 * (a use recorded at most once per `lastUsedBefore`, the count's cap and floor, revoked keys kept).
 */
export class InMemoryApiKeyTable
  extends Interleaving<keyof ApiKeyStore | keyof TenantApiKeyStore>
  implements ApiKeyStore, TenantApiKeyStore
{
  readonly counts = new Map<string, number | undefined>();
  readonly lookups = new Map<string, LookupRow>();
  readonly entries = new Map<string, TenantKeyRow>();
  /** Every recordUse call, and those that wrote: what "at most once an hour" is about. */
  readonly useCalls: KeyUse[] = [];
  useWrites = 0;

  /** A tenant, as registerOrganisation stores it: its profile counting its first key. */
  addTenant(tenant: Tenant, first?: IssuedApiKey): void {
    this.counts.set(tenantKey(tenant), first === undefined ? undefined : 1);
    if (first !== undefined) this.store(tenant, first);
  }

  /** A key as an earlier version stored it: a lookup row without key id, no entry, no count. */
  addLegacyKey(tenant: Tenant, hash: string, createdAt: string): void {
    if (!this.counts.has(tenantKey(tenant))) this.counts.set(tenantKey(tenant), undefined);
    this.lookups.set(hash, { tenant, createdAt });
  }

  entry(tenant: Tenant, keyId: string): TenantKeyRow | undefined {
    const row = this.entries.get(`${tenantKey(tenant)}#${keyId}`);
    return row === undefined ? undefined : copy(row);
  }

  private store(tenant: Tenant, key: IssuedApiKey): void {
    this.lookups.set(key.hash, { tenant, keyId: key.id, createdAt: key.createdAt });
    this.entries.set(`${tenantKey(tenant)}#${key.id}`, {
      tenant,
      keyId: key.id,
      label: key.label,
      prefix: key.prefix,
      createdAt: key.createdAt,
      hash: key.hash,
    });
  }

  async find(apiKeyHash: string): Promise<AuthenticatedKey | undefined> {
    await this.interleave('find');
    const row = this.lookups.get(apiKeyHash);
    if (row === undefined || row.revokedAt !== undefined) return undefined;
    return {
      tenant: copy(row.tenant),
      keyId: row.keyId,
      createdAt: row.createdAt,
      ...(row.lastUsedAt !== undefined && { lastUsedAt: row.lastUsedAt }),
    };
  }

  async recordUse(use: KeyUse): Promise<boolean> {
    await this.interleave('recordUse');
    this.useCalls.push(copy(use));
    const row = this.lookups.get(use.hash);
    if (row === undefined || row.revokedAt !== undefined) return false;
    if (row.lastUsedAt !== undefined && row.lastUsedAt > use.lastUsedBefore) return false;
    if (use.adopt !== undefined) {
      if (row.keyId !== undefined || this.entries.has(`${tenantKey(use.tenant)}#${use.keyId}`)) return false;
      if (!this.counts.has(tenantKey(use.tenant))) return false;
      this.entries.set(`${tenantKey(use.tenant)}#${use.keyId}`, {
        tenant: use.tenant,
        keyId: use.keyId,
        ...use.adopt,
        hash: use.hash,
        lastUsedAt: use.at,
      });
      this.counts.set(tenantKey(use.tenant), (this.counts.get(tenantKey(use.tenant)) ?? 0) + 1);
      row.keyId = use.keyId;
    } else {
      const entry = this.entries.get(`${tenantKey(use.tenant)}#${use.keyId}`);
      if (entry === undefined || entry.revokedAt !== undefined) return false;
      entry.lastUsedAt = use.at;
    }
    row.lastUsedAt = use.at;
    this.useWrites++;
    return true;
  }

  async add(tenant: Tenant, key: IssuedApiKey, max: number): Promise<'added' | 'no-tenant' | 'full'> {
    await this.interleave('add');
    if (!this.counts.has(tenantKey(tenant))) return 'no-tenant';
    const count = this.counts.get(tenantKey(tenant));
    if (count !== undefined && count >= max) return 'full';
    if (this.lookups.has(key.hash)) throw new ConflictError('the new key collided with another: send again');
    this.counts.set(tenantKey(tenant), (count ?? 0) + 1);
    this.store(tenant, key);
    return 'added';
  }

  async list(tenant: Tenant): Promise<ApiKeySummary[] | undefined> {
    await this.interleave('list');
    if (!this.counts.has(tenantKey(tenant))) return undefined;
    return [...this.entries.values()]
      .filter((row) => tenantKey(row.tenant) === tenantKey(tenant) && row.revokedAt === undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId))
      .map((row) => ({
        id: row.keyId,
        label: row.label,
        prefix: row.prefix,
        createdAt: row.createdAt,
        lastUsedAt: row.lastUsedAt ?? null,
      }));
  }

  async revoke(
    tenant: Tenant,
    keyId: string,
    at: string,
    keepAtLeast: number,
  ): Promise<'revoked' | 'no-key' | 'last-key'> {
    await this.interleave('revoke');
    const entry = this.entries.get(`${tenantKey(tenant)}#${keyId}`);
    if (entry === undefined || entry.revokedAt !== undefined) return 'no-key';
    const count = this.counts.get(tenantKey(tenant));
    if (count === undefined || count <= keepAtLeast) return 'last-key';
    entry.revokedAt = at;
    const lookup = this.lookups.get(entry.hash);
    if (lookup !== undefined) lookup.revokedAt = at;
    this.counts.set(tenantKey(tenant), count - 1);
    return 'revoked';
  }
}
