import type * as z from 'zod';
import type { EventContract } from '../events/event-contract.js';
import type { Language } from '../i18n/language.js';
import type { ApiKeySummary, IssuedApiKey, Tenant } from './api-key.js';
import type { Notice, NoticeChangeRow, NoticeRecipient, Outcome, OutcomeRecord, RecordedDecision } from './notice.js';
import type { ProcessorProfilePatch } from './processor-profile.js';
import type {
  Client,
  ConfirmationChange,
  Contract,
  ListVersion,
  ListVersionSummary,
  Processor,
} from './registry-entities.js';
import type { Subscription, SubscriptionCounts } from './subscription.js';
import type { TransferRow } from './transfers.js';
import type { NoticeSummary, ObjectionAlert } from './vendor-email.js';
import type { VersionEffect } from './version-effect.js';
import type { DeliveryAttempt, WebhookDelivery, WebhookEndpoint, WebhookEventType, WebhookJob } from './webhook.js';

/** A page of results and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A conditional write: done, or lost to the item as it stood when the condition was checked
 * (undefined if there was none), so the caller needs no second read to learn why.
 */
export type ConditionalOutcome<T> = { written: true } | { written: false; current: T | undefined };

export interface ProcessorStore {
  /** Stores the processor and its first API key (hash, prefix, label) together. */
  create(processor: Processor, apiKey: IssuedApiKey): Promise<void>;
  get(id: string): Promise<Processor | undefined>;
  /** The processor and one of its list versions in one read: what a publish starts from. */
  getWithVersion(
    id: string,
    version: number | undefined,
  ): Promise<{ processor: Processor | undefined; version: ListVersion | undefined }>;
}

export interface ClientStore {
  create(client: Client, apiKey: IssuedApiKey): Promise<void>;
  get(id: string): Promise<Client | undefined>;
}

/** The key a request carries, as authentication reads it. */
export interface AuthenticatedKey {
  tenant: Tenant;
  /** Undefined for a key stored before keys had ids: it is adopted (given one) at its first recorded use. */
  keyId: string | undefined;
  createdAt: string;
  /** When its use was last recorded (at most once an hour). */
  lastUsedAt?: string;
}

/** A key's use, recorded at most once an hour; a key without id is adopted by the same write. */
export interface KeyUse {
  hash: string;
  tenant: Tenant;
  keyId: string;
  at: string;
  /** Recorded only if the last recorded use is at or before this time (one hour before `at`). */
  lastUsedBefore: string;
  /** For a key stored before keys had ids: what its tenant's entry for it says from now on. */
  adopt?: { prefix: string; label: string; createdAt: string };
}

/** Authentication's view of the keys: one consistent read per request, a write at most once an hour. */
export interface ApiKeyStore {
  /** The key with this hash, unless there is none or it was revoked (a consistent read: revocation is immediate). */
  find(apiKeyHash: string): Promise<AuthenticatedKey | undefined>;
  /** True if this call recorded the use; false if another request did first, or the key was revoked meanwhile. */
  recordUse(use: KeyUse): Promise<boolean>;
}

/** A tenant's API keys, as the tenant (or the operator) manages them. */
export interface TenantApiKeyStore {
  /** Adds the key if the tenant exists and holds fewer than `max` keys (counted on its profile). */
  add(tenant: Tenant, key: IssuedApiKey, max: number): Promise<'added' | 'no-tenant' | 'full'>;
  /** The tenant's keys, oldest first; undefined if there is no such tenant. */
  list(tenant: Tenant): Promise<ApiKeySummary[] | undefined>;
  /**
   * Revokes the key, in one transaction with the tenant's key count, if the tenant keeps at least
   * `keepAtLeast` keys: two revocations at once cannot both take the last two.
   */
  revoke(tenant: Tenant, keyId: string, at: string, keepAtLeast: number): Promise<'revoked' | 'no-key' | 'last-key'>;
}

/** A tenant as the operator's list shows it. */
export interface TenantSummary {
  id: string;
  name: string;
  createdAt: string;
}

/** The tenants of one kind, newest first (the operator's view). */
export interface TenantDirectory {
  page(type: Tenant['type'], page: { limit: number; cursor?: string }): Promise<Page<TenantSummary>>;
}

/** What the operator's view counts per tenant. */
export interface TenantCounts {
  /** Contracts not ended. */
  contracts: number;
  /** Notices with an open objection window (a processor's: open notices; a client's: on one of its contracts). */
  openNotices: number;
}

export interface TenantCountStore {
  counts(tenant: Tenant): Promise<TenantCounts>;
}

export interface ContractStore {
  /**
   * Throws ConflictError if the processor already has an active (not ended) contract with that client.
   * The client id is not checked: an unknown and a foreign client get the same answer (issue 11), and
   * the contract stays `pending` until that client confirms it.
   */
  create(contract: Contract): Promise<void>;
  page(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>>;
  /** The longest notice period among the processor's contracts, if it has any. */
  longestNoticePeriodDays(processorId: string): Promise<number | undefined>;
  forClient(clientId: string): Promise<Contract[]>;
}

/** The transfer projection (one row per sub-processor of each processor's latest list). */
export interface TransferStore {
  forProcessor(processorId: string): Promise<TransferRow[]>;
  /** Writes rows of a version; a row already projected from a later version is left alone. */
  apply(rows: readonly TransferRow[], projectedAt: string): Promise<void>;
  /** One page of every processor's rows on one side of the EEA border, optionally one destination. */
  page(
    side: 'outside-eea' | 'eea',
    options: { destination?: string; limit: number; cursor?: string },
  ): Promise<Page<TransferRow>>;
}

export interface ListVersionStore {
  get(processorId: string, version: number): Promise<ListVersion | undefined>;
  latest(processorId: string): Promise<ListVersion | undefined>;
  history(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<ListVersionSummary>>;
  /**
   * Stores a new version and makes it current, atomically, if the current version is still
   * `expectedCurrent` (undefined: no list yet). Throws PreconditionFailedError otherwise. A withdrawal
   * names the version it withdraws: marked withdrawn in the same transaction if it is still scheduled
   * (ConflictError if it took effect meanwhile).
   */
  publish(version: ListVersion, expectedCurrent: number | undefined, withdrawn?: ListVersionSummary): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** What an e-mail says, in plain text and HTML; rendered outside the domain (shared/views). */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface OutgoingEmail extends EmailContent {
  to: string[];
  /** SES message tags: come back in delivery events, so an event finds its notice. */
  tags: Record<string, string>;
}

export interface Mailer {
  /**
   * Sends one e-mail; returns the provider's message id (kept as evidence). SES has no idempotency
   * key: every caller guards its send with its own conditional claim, and releases it if this throws.
   */
  send(email: OutgoingEmail): Promise<string>;
}

/** Renders the e-mails the use cases send: the domain decides what to say, the views how. */
/**
 * Every e-mail in the language its reader reads: a client's in its recipient's `language` (the
 * contract's, as copied at fan-out or resend), the vendor's in the processor's `defaultLanguage`.
 */
export interface MessageRenderer {
  /** The notice e-mail; `objectionUrl` and `closesAt` only for a contract with an objection window. */
  noticeEmail(notice: Notice, personal: { objectionUrl?: string; closesAt?: string }, language: Language): EmailContent;
  /** Confirms a recorded decision to the contract's addresses, so that a decision nobody meant is noticed. */
  decisionConfirmation(notice: Notice, decision: RecordedDecision, language: Language): EmailContent;
  /** Tells the vendor's contact address of one objection, as soon as it is recorded. */
  objectionAlert(alert: ObjectionAlert, language: Language): EmailContent;
  /** Tells the vendor's contact address how a notice ended, once its last window has closed. */
  noticeSummary(summary: NoticeSummary, language: Language): EmailContent;
  /** Reminds a contract's addresses, before its window closes, that it may still object (issue 10, item 5). */
  reminderEmail(notice: Notice, personal: { objectionUrl: string; closesAt: string }, language: Language): EmailContent;
  /** Tells a notified contract that the change was withdrawn: nothing to do, the list in force stays. */
  changeWithdrawn(
    notice: Notice,
    withdrawal: { withdrawnAt: string; byVersion: number },
    language: Language,
  ): EmailContent;
}

/** A queue of messages of one kind. Delivery is at least once: every consumer is idempotent. */
export interface QueueSender<M> {
  /** Sends every message (in batches of the provider's size); any refused message is an error. */
  sendAll(messages: readonly M[]): Promise<void>;
}

export interface WindowScheduler {
  /** Arms a one-time trigger that closes the notice's due windows at `at` (idempotent per time). */
  scheduleClose(noticeId: string, at: Date): Promise<void>;
}

export interface EventPublisher {
  /** Publishes one event after checking it against its contract; a refused entry is an error. */
  publish<S extends z.ZodType>(contract: EventContract<S>, detail: z.input<S>): Promise<void>;
}

export interface OutcomeCounts {
  objected: number;
  approved: number;
  impliedConsent: number;
  notNotified: number;
  /** Windows still open when the change was withdrawn. */
  withdrawn: number;
}

export type StoredNotice = Notice & {
  fanOutStartedAt?: string;
  closedEventPublished?: boolean;
  closedEventClaimedAt?: string;
  counts?: OutcomeCounts;
  /** False from the withdrawal until SubprocessorChangeWithdrawn is on the bus. */
  withdrawnEventPublished?: boolean;
};

export interface NoticeStore {
  open(notice: Notice, firstCloseCheckAt: string | undefined): Promise<boolean>;
  get(noticeId: string): Promise<StoredNotice | undefined>;
  markFanOutStarted(noticeId: string, at: string): Promise<void>;
  listForProcessor(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<Notice>>;
  /**
   * Moves the sweep's next check of an open notice earlier, never later (each fan-out page proposes
   * its own earliest deadline). A check already due at `dueBy` is replaced by `at` even if later: the
   * close pass that handled it re-arms.
   */
  setNextCloseCheck(noticeId: string, at: string, dueBy?: string): Promise<void>;
  dueForClosing(now: string, limit?: number): Promise<string[]>;
  close(noticeId: string, closedAt: string, counts: OutcomeCounts): Promise<ConditionalOutcome<StoredNotice>>;
  claimClosedEvent(noticeId: string, at: string, staleBefore: string): Promise<boolean>;
  markClosedEventPublished(noticeId: string): Promise<void>;
  /** Every open notice (the sparse index the sweep reads), a page at a time: what a reminder pass walks. */
  openNotices(page: { limit: number; cursor?: string }): Promise<Page<OpenNoticeRef>>;
  /**
   * Moves an open or closed notice to `withdrawn` (with `withdrawnEventPublished: false`) and takes it
   * off the sweep's index. Answers the notice as it stands after the call: as written, or as an earlier
   * delivery left it (withdrawn already); undefined if there is no such notice.
   */
  markWithdrawn(noticeId: string, at: string, byVersion: number): Promise<StoredNotice | undefined>;
  /** Stores the counts of a withdrawn notice, once its windows are all closed. */
  recordWithdrawnCounts(noticeId: string, counts: OutcomeCounts): Promise<void>;
  markWithdrawnEventPublished(noticeId: string): Promise<void>;
}

/** An open notice as the reminder pass needs it: which notice, whose, with a window or not. */
export type OpenNoticeRef = Pick<Notice, 'id' | 'processorId' | 'kind'>;

export interface RecipientStore {
  /** Creates the recipients that do not exist yet (a replayed page finds them); answers how many it created. */
  addAllIfAbsent(recipients: readonly NoticeRecipient[]): Promise<number>;
  get(noticeId: string, contractId: string): Promise<NoticeRecipient | undefined>;
  page(noticeId: string, page: { limit: number; cursor?: string }): Promise<Page<NoticeRecipient>>;
  /** The recipient as claimed (one write, no read before it), or undefined if it is not claimable. */
  claimForSending(
    noticeId: string,
    contractId: string,
    claim: { id: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined>;
  /** Records the send under the claim, with the hash of the link's token (objection window only). */
  completeSend(
    noticeId: string,
    contractId: string,
    claimId: string,
    sent: { sesMessageId: string; sentAt: string; closesAt?: string; contentSha256: string; tokenHash?: string },
  ): Promise<void>;
  releaseClaim(noticeId: string, contractId: string, claimId: string): Promise<void>;
  findByToken(tokenHash: string): Promise<{ noticeId: string; contractId: string } | undefined>;
  findBySesMessageId(messageId: string): Promise<{ noticeId: string; contractId: string } | undefined>;
  recordDecision(
    noticeId: string,
    contractId: string,
    decision: RecordedDecision,
  ): Promise<ConditionalOutcome<NoticeRecipient>>;
  outcomeRecords(noticeId: string, firstContractId: string, lastContractId: string): Promise<OutcomeRecord[]>;
  /**
   * Closes one window with its outcome, if it is still as read (decision or none, delivery) and its
   * deadline has passed; `beforeDeadline` (a withdrawal) drops only the deadline condition.
   */
  close(
    recipient: NoticeRecipient,
    outcome: Exclude<Outcome, 'pending'>,
    closedAt: string,
    options?: { beforeDeadline?: boolean },
  ): Promise<ConditionalOutcome<NoticeRecipient>>;
  /**
   * Closes `not-notified` a window whose e-mail never went out, when its version takes effect: only if
   * it is still as read (pending, same delivery, same claim and resend marker, no decision), so that a
   * send claiming it meanwhile wins. Appends the outcome record in the same transaction.
   */
  closeUnsent(recipient: NoticeRecipient, closedAt: string): Promise<ConditionalOutcome<NoticeRecipient>>;
  claimConfirmation(noticeId: string, contractId: string, at: string, staleBefore: string): Promise<boolean>;
  completeConfirmation(noticeId: string, contractId: string, messageId: string): Promise<void>;
  /**
   * Gives back the confirmation claim taken at `claimedAt` after its send failed, so the retry can
   * claim at once. A claim taken over meanwhile, or a confirmation already sent, is left alone.
   */
  releaseConfirmation(noticeId: string, contractId: string, claimedAt: string): Promise<void>;
  /**
   * Appends a delivery event to the recipient's log and moves its delivery state (a bounce,
   * complaint or rejection sticks). False if the same event (type, time, addresses, detail) is in
   * the log already: a redelivered SES event changes nothing. With `messageId`, also false when the
   * recipient's current e-mail is another one: a late event of an e-mail a resend superseded does not
   * move the new e-mail's state (the old one's events stay in its archived attempt).
   */
  recordDeliveryEvent(
    noticeId: string,
    contractId: string,
    event: { type: string; at: string; recipient?: string; detail?: string },
    state: 'delivered' | 'bounced' | 'complained' | 'rejected' | undefined,
    messageId?: string,
  ): Promise<boolean>;
}

/** A version, with the time its vendor asked it to take effect (what an absent effect item stands for). */
export interface VersionRef {
  processorId: string;
  version: number;
  requestedEffectiveAt: string;
}

/** When each version takes effect (version-effect.ts): conditional writes only, so any trigger may repeat them. */
export interface VersionEffectStore {
  get(processorId: string, version: number): Promise<VersionEffect | undefined>;
  /** The effects stored for these versions, by `effectRef`; an absent one is not in the map. */
  getMany(refs: readonly Pick<VersionRef, 'processorId' | 'version'>[]): Promise<Map<string, VersionEffect>>;
  /**
   * Moves a scheduled version's projected effective time to `closesAt` if that is later: `unchanged`
   * if it was not later, `settled` if the version took effect or was withdrawn already.
   */
  extendProjection(ref: VersionRef, closesAt: string): Promise<'extended' | 'unchanged' | 'settled'>;
  /** Scheduled (or absent) → effective at `effectiveAt`; else not written, with the effect as it stands. */
  takeEffect(ref: VersionRef, effectiveAt: string, recordedAt: string): Promise<ConditionalOutcome<VersionEffect>>;
  /** Claims the publication of SubprocessorChangeEffective (a claim older than `staleBefore` is taken over). */
  claimEffectiveEvent(processorId: string, version: number, at: string, staleBefore: string): Promise<boolean>;
  markEffectiveEventPublished(processorId: string, version: number): Promise<void>;
}

/** A processor's own profile (GET and PATCH /processors/{id}). */
export interface ProcessorProfileStore {
  get(id: string): Promise<Processor | undefined>;
  /**
   * Sets the fields present in `patch` (null removes an optional one) in one conditional write on the
   * existing profile, each field its own SET or REMOVE: the profile as written, or undefined if there
   * is no such processor.
   */
  updateProfile(id: string, patch: ProcessorProfilePatch, updatedAt: string): Promise<Processor | undefined>;
}

/**
 * Which e-mail sent once on its permanent record: to the vendor, one per objection (notice × contract)
 * and one summary per notice; to a client, one "change withdrawn" per notified contract.
 */
export type VendorEmailKey =
  | { noticeId: string; subject: 'objection'; contractId: string }
  | { noticeId: string; subject: 'summary' }
  | { noticeId: string; subject: 'withdrawal'; contractId: string };

/** The permanent record of each e-mail sent to a vendor's contact address: what makes it exactly once. */
export interface VendorEmailStore {
  /** Claims the e-mail: false if it was sent already or another live claim (newer than `staleBefore`) holds it. */
  claim(key: VendorEmailKey, at: string, staleBefore: string): Promise<boolean>;
  /** Records the send: the message id, when, to whom, and the hash of what was said. */
  complete(
    key: VendorEmailKey,
    sent: { messageId: string; sentAt: string; to: string[]; subject: string; contentSha256: string },
  ): Promise<void>;
  /** Gives back the claim taken at `claimedAt` after its send failed; a claim taken over meanwhile is left alone. */
  release(key: VendorEmailKey, claimedAt: string): Promise<void>;
  /** The record, for evidence and tests. */
  get(
    key: VendorEmailKey,
  ): Promise<{ messageId?: string; sentAt?: string; to?: string[]; claimedAt?: string } | undefined>;
}

/** The reminder of one contract on one notice: at most one, ever (issue 10, item 5). */
export interface ReminderKey {
  noticeId: string;
  contractId: string;
}

/** A reminder as sent: the evidence pack shows it beside the notice e-mail. */
export interface SentReminder {
  contractId: string;
  messageId: string;
  sentAt: string;
  to: string[];
  /** SHA-256 of the e-mail as sent (subject, text and HTML). */
  contentSha256: string;
  /** The deadline the reminder gave: the contract's `closesAt` when it was sent. */
  closesAt: string;
}

/** The permanent record of each reminder: what makes it exactly once, and its evidence. */
export interface ReminderStore {
  /** Claims the reminder: false if it was sent already or another live claim (newer than `staleBefore`) holds it. */
  claim(key: ReminderKey, at: string, staleBefore: string): Promise<boolean>;
  /**
   * Records the send under the claim taken at `claimedAt` and makes the reminder's link work: the
   * SHA-256 of its token leads to the same notice and contract as the first e-mail's (which keeps working),
   * and is noted on the recipient if its e-mail is still the one sent at `attemptSentAt`, so that a
   * resend revokes both links. Throws if the claim was lost or a resend superseded that e-mail.
   */
  complete(
    key: ReminderKey,
    claimedAt: string,
    sent: SentReminder & { tokenHash: string; attemptSentAt: string },
  ): Promise<void>;
  /** Gives back the claim taken at `claimedAt` after its send failed; a claim taken over meanwhile is left alone. */
  release(key: ReminderKey, claimedAt: string): Promise<void>;
  /** The reminders sent for a notice's contracts from `firstContractId` to `lastContractId` (a page of recipients). */
  sentFor(noticeId: string, firstContractId: string, lastContractId: string): Promise<SentReminder[]>;
  /** When a reminder pass over the notice may next find something due; undefined before its first pass. */
  nextCheck(noticeId: string): Promise<string | undefined>;
  /** Records the next check a pass computed (the last pass's word counts: each computes from the table as it is). */
  setNextCheck(noticeId: string, at: string): Promise<void>;
}

/** A contract as its processor may change it (PATCH); absent fields stay as they are. */
export interface ContractChanges {
  notifyEmails?: string[];
  noticePeriodDays?: number;
  reference?: string;
  language?: Language;
  /** null: the contract hears of everything again. */
  scopes?: string[] | null;
}

export interface ContractUpdateStore {
  get(processorId: string, contractId: string): Promise<Contract | undefined>;
  /**
   * Applies the changes if the contract still is `expected` (its notice period and addresses as
   * read), moving its notice-period item in the same transaction. False when another write won.
   */
  update(expected: Contract, changes: ContractChanges): Promise<boolean>;
}

/** The recipient's failed deliveries and their resends (issue 10): every change is a conditional write. */
export interface RecipientRecoveryStore {
  /**
   * Marks the delivery `failed` with its reason, only while nothing went out (queued or sending),
   * with no decision, and for the job that failed: the claim holder (`claimId`), or a dead-lettered
   * job (`resendId` of the resend it carried; none for the first send). False otherwise.
   */
  markFailed(
    noticeId: string,
    contractId: string,
    failure: { reason: string; at: string },
    job: { claimId: string } | { resendId: string | undefined },
  ): Promise<boolean>;
  /**
   * Sets the "resend requested" marker: archives the current e-mail as an earlier attempt, queues the
   * delivery again to `addresses`, if the recipient is still `expected` as read (no decision, window
   * not closed by `now`, no resend pending). The recipient as the lost write found it otherwise.
   */
  requestResend(
    expected: NoticeRecipient,
    resend: { id: string; at: string; addresses: string[]; language: Language; now: string },
  ): Promise<ConditionalOutcome<NoticeRecipient>>;
  /** Takes the marker back after the job could not be queued, so that a retried request queues it. */
  releaseResend(noticeId: string, contractId: string, resendId: string): Promise<void>;
  /** As claimForSending, for the job of resend `resendId` (the window may be open already). */
  claimForResend(
    noticeId: string,
    contractId: string,
    claim: { id: string; resendId: string; at: string; staleBefore: string },
  ): Promise<NoticeRecipient | undefined>;
  /**
   * Records the resend under its claim: new message id, send time, deadline and token; the earlier
   * token (`previousTokenHash`) is deleted in the same transaction, so the old link answers 404.
   */
  completeResend(
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
      /** The reminder's link of the superseded e-mail (issue 10, item 5): revoked with the first one. */
      previousReminderTokenHash?: string;
    },
  ): Promise<void>;
}

/** Contracts that end (issue 11, item 2): the processor's list by state, and the end itself. */
export interface ContractLifecycleStore {
  get(processorId: string, contractId: string): Promise<Contract | undefined>;
  /** A page of the processor's contracts in id order; with `state`, only those (a page may come back short). */
  pageByState(
    processorId: string,
    page: { state?: 'active' | 'ended'; limit: number; cursor?: string },
  ): Promise<Page<Contract>>;
  /**
   * Ends the contract at `endedAt` if it is still `expected` as read (not ended, same notice period),
   * frees the processor × client pair for a new contract and drops its notice-period item (an ended
   * contract no longer lengthens effective dates), in one transaction. Lost: the contract as it stood.
   */
  end(expected: Contract, endedAt: string): Promise<ConditionalOutcome<Contract>>;
}

/** The client's side of its contracts (issue 11, item 3): what names it, and its confirmation. */
export interface ClientContractStore {
  /** A page of the contracts naming the client, every state and confirmation. */
  pageForClient(clientId: string, page: { limit: number; cursor?: string }): Promise<Page<Contract>>;
  /** The contract if it names this client; undefined for an unknown id and another client's alike. */
  findForClient(clientId: string, contractId: string): Promise<Contract | undefined>;
  /**
   * Sets the confirmation if it differs and the contract names `clientId`, appending the change to
   * its history. Lost: the contract as it stood (same confirmation already, history full, or none).
   */
  setConfirmation(
    contract: Pick<Contract, 'processorId' | 'id' | 'clientId'>,
    change: ConfirmationChange,
  ): Promise<{ written: true; contract: Contract } | { written: false; current: Contract | undefined }>;
}

/** The client's notices (issue 11, item 4): its recipients across processors, newest notice first. */
export interface ClientNoticeStore {
  /**
   * A page of the client's recipients whose contract is one of `contractIds` (its confirmed ones),
   * newest notice first; with `openAt`, only windows open at that time.
   */
  pageForClient(
    clientId: string,
    page: { contractIds: ReadonlySet<string>; openAt?: string; limit: number; cursor?: string },
  ): Promise<Page<NoticeRecipient>>;
}

/** Webhook endpoints, in their tenant's partition. */
export interface WebhookStore {
  /** Stores the endpoint if its tenant exists and holds fewer than `max` live endpoints. */
  create(endpoint: WebhookEndpoint, max: number): Promise<'created' | 'no-tenant' | 'full'>;
  /** The tenant's endpoints not deleted, oldest first; undefined if the tenant does not exist. */
  list(owner: Tenant): Promise<WebhookEndpoint[] | undefined>;
  /** One endpoint of the tenant, deleted ones included. */
  get(owner: Tenant, webhookId: string): Promise<WebhookEndpoint | undefined>;
  /** Marks it deleted if it is not already; false if there was nothing to delete. */
  delete(owner: Tenant, webhookId: string, at: string): Promise<boolean>;
  /** The tenant's enabled endpoints subscribed to `type`. */
  subscribedTo(owner: Tenant, type: WebhookEventType): Promise<WebhookEndpoint[]>;
  recordSuccess(owner: Tenant, webhookId: string, at: string): Promise<void>;
  /** Disables the endpoint unless it succeeded at or after `since`; true if this call disabled it. */
  disableUnlessSucceededSince(owner: Tenant, webhookId: string, since: string, at: string): Promise<boolean>;
}

/** Deliveries (one per event × endpoint) and their attempt log, in the endpoint's partition. */
export interface WebhookDeliveryStore {
  /** Creates the delivery unless one exists for that message: the existing one is returned then. */
  create(delivery: WebhookDelivery): Promise<ConditionalOutcome<WebhookDelivery>>;
  get(webhookId: string, messageId: string): Promise<WebhookDelivery | undefined>;
  /**
   * Claims attempt `attempt` before it is made, if the delivery is pending after `attempt - 1`
   * attempts and no other job claimed it after `staleBefore` (a crashed job's claim goes stale).
   */
  claimAttempt(
    webhookId: string,
    messageId: string,
    attempt: number,
    at: string,
    staleBefore: string,
  ): Promise<boolean>;
  /**
   * Records attempt `attempt.attempt` and the delivery's new status, if the delivery is still
   * pending after `attempt.attempt - 1` attempts (false: a duplicate job recorded it first).
   */
  recordAttempt(webhookId: string, attempt: DeliveryAttempt, status: WebhookDelivery['status']): Promise<boolean>;
  /** The endpoint's attempts, newest first. */
  attempts(webhookId: string, page: { limit: number; cursor?: string }): Promise<Page<DeliveryAttempt>>;
}

/** The delivery queue: a job now or after a delay (15 min at most), and its dead-letter queue. */
export interface WebhookQueue {
  send(job: WebhookJob, delaySeconds: number): Promise<void>;
  deadLetter(job: WebhookJob): Promise<void>;
}

/** What one HTTP attempt came to. */
export type WebhookAttemptResult =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'failed'; statusCode?: number; error: string }
  | { outcome: 'blocked'; error: string };

/** POSTs a signed body, refusing (`blocked`) an address the URL policy forbids at connection time. */
export interface WebhookTransport {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAttemptResult>;
}

export type SubscriptionTokenPurpose = 'confirm' | 'unsubscribe';

/** E-mail subscriptions to a processor's list (issue 13, item 3): one item per processor × address. */
export interface SubscriptionStore {
  get(processorId: string, email: string): Promise<Subscription | undefined>;
  /**
   * The subscription a link's token belongs to, and what the link is for: a confirmation token only
   * while it is the subscription's current one (a later request supersedes it), an unsubscribe token
   * as long as the subscription exists (every information e-mail's link keeps working).
   */
  findByToken(
    tokenSha256: string,
  ): Promise<{ subscription: Subscription; purpose: SubscriptionTokenPurpose } | undefined>;
  /**
   * Creates the subscription (pending) or renews a pending or unsubscribed one with a new confirmation
   * token and language, only if no confirmation was claimed since `sentBefore`; a confirmed or
   * suppressed one is never touched. True when the caller may send the confirmation now.
   */
  claimConfirmation(
    request: { processorId: string; email: string; language: Language; tokenSha256: string },
    at: string,
    sentBefore: string,
  ): Promise<boolean>;
  /** Gives back a claim whose e-mail could not be sent, so the next request may send it. */
  releaseConfirmation(processorId: string, email: string, claimedAt: string): Promise<void>;
  /** pending → confirmed, for the current confirmation token only; false otherwise. */
  confirm(processorId: string, email: string, tokenSha256: string, at: string): Promise<boolean>;
  /** Stores the hash of a new unsubscribe link's token (one per information e-mail). */
  issueUnsubscribeToken(processorId: string, email: string, tokenSha256: string): Promise<void>;
  /** pending or confirmed → unsubscribed; false otherwise. */
  unsubscribe(processorId: string, email: string, at: string): Promise<boolean>;
  /** Any state but suppressed → suppressed; false if it already was or does not exist. */
  suppress(processorId: string, email: string, at: string): Promise<boolean>;
  confirmedPage(processorId: string, options: { limit: number; cursor?: string }): Promise<Page<Subscription>>;
  counts(processorId: string): Promise<SubscriptionCounts>;
}

/** The permanent record of one information e-mail: one per version × subscriber, claimed before the send. */
export interface SubscriptionEmailStore {
  claim(ref: SubscriptionEmailRef, at: string, staleBefore: string): Promise<boolean>;
  /** Records the message id, and an index from it back to the subscription (a bounce finds its address). */
  complete(ref: SubscriptionEmailRef, messageId: string, at: string): Promise<void>;
  release(ref: SubscriptionEmailRef, claimedAt: string): Promise<void>;
  /** The subscription an e-mail sent to it went to (a confirmation or an information e-mail). */
  findByMessageId(messageId: string): Promise<{ processorId: string; email: string } | undefined>;
  /** Indexes a confirmation e-mail's message id (no claim: the hourly limit is its guard). */
  indexMessage(messageId: string, processorId: string, email: string): Promise<void>;
}

export interface SubscriptionEmailRef {
  processorId: string;
  version: number;
  email: string;
}

/** An e-mail with headers of its own (RFC 8058 List-Unsubscribe), sent as a MIME message. */
export interface OutgoingListEmail extends OutgoingEmail {
  headers: Record<string, string>;
}

export interface ListMailer {
  /** As Mailer.send; the headers travel in the message. */
  send(email: OutgoingListEmail): Promise<string>;
}

export interface SubscriptionMessageRenderer {
  confirmation(
    input: { processorName: string; confirmUrl: string; trustPageUrl: string },
    language: Language,
  ): EmailContent;
  listChanged(
    input: {
      processorName: string;
      version: number;
      effectiveAt: string;
      changes: NoticeChangeRow[];
      trustPageUrl: string;
      unsubscribeUrl: string;
    },
    language: Language,
  ): EmailContent;
}
