import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecipientRecoveryStore, RecipientStore } from '../../domain/ports.js';
import { DeliveryEventRepository } from './delivery-event-repository.js';
import { RecipientDecisionRepository } from './recipient-decision-repository.js';
import { RecipientLookupRepository } from './recipient-lookup-repository.js';
import { RecipientRecoveryRepository } from './recipient-recovery-repository.js';
import { RecipientSendingRepository } from './recipient-sending-repository.js';

/**
 * One contract's part of a notice, as the use cases see it (the `RecipientStore` port), composed of one
 * repository per concern. Every state change is a conditional write on the one recipient item, so
 * concurrent triggers (a redelivered event, an objection racing the close) cannot both win.
 */
export class RecipientRepository implements RecipientStore, RecipientRecoveryStore {
  private readonly sending: RecipientSendingRepository;
  private readonly decisions: RecipientDecisionRepository;
  private readonly lookups: RecipientLookupRepository;
  private readonly deliveryEvents: DeliveryEventRepository;
  private readonly recovery: RecipientRecoveryRepository;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.sending = new RecipientSendingRepository(db, tableName);
    this.decisions = new RecipientDecisionRepository(db, tableName);
    this.lookups = new RecipientLookupRepository(db, tableName);
    this.deliveryEvents = new DeliveryEventRepository(db, tableName);
    this.recovery = new RecipientRecoveryRepository(db, tableName);
  }

  addAllIfAbsent: RecipientStore['addAllIfAbsent'] = (recipients) => this.sending.addAllIfAbsent(recipients);
  get: RecipientStore['get'] = (noticeId, contractId) => this.sending.get(noticeId, contractId);
  page: RecipientStore['page'] = (noticeId, page) => this.sending.page(noticeId, page);
  claimForSending: RecipientStore['claimForSending'] = (noticeId, contractId, claim) =>
    this.sending.claimForSending(noticeId, contractId, claim);
  completeSend: RecipientStore['completeSend'] = (noticeId, contractId, claimId, sent) =>
    this.sending.completeSend(noticeId, contractId, claimId, sent);
  releaseClaim: RecipientStore['releaseClaim'] = (noticeId, contractId, claimId) =>
    this.sending.releaseClaim(noticeId, contractId, claimId);

  findByToken: RecipientStore['findByToken'] = (tokenHash) => this.lookups.findByToken(tokenHash);
  findBySesMessageId: RecipientStore['findBySesMessageId'] = (messageId) => this.lookups.findBySesMessageId(messageId);

  recordDecision: RecipientStore['recordDecision'] = (noticeId, contractId, decision) =>
    this.decisions.recordDecision(noticeId, contractId, decision);
  close: RecipientStore['close'] = (recipient, outcome, closedAt, options) =>
    this.decisions.close(recipient, outcome, closedAt, options);
  closeUnsent: RecipientStore['closeUnsent'] = (recipient, closedAt) => this.decisions.closeUnsent(recipient, closedAt);
  outcomeRecords: RecipientStore['outcomeRecords'] = (noticeId, first, last) =>
    this.decisions.outcomeRecords(noticeId, first, last);
  claimConfirmation: RecipientStore['claimConfirmation'] = (noticeId, contractId, at, staleBefore) =>
    this.decisions.claimConfirmation(noticeId, contractId, at, staleBefore);
  completeConfirmation: RecipientStore['completeConfirmation'] = (noticeId, contractId, messageId) =>
    this.decisions.completeConfirmation(noticeId, contractId, messageId);
  releaseConfirmation: RecipientStore['releaseConfirmation'] = (noticeId, contractId, claimedAt) =>
    this.decisions.releaseConfirmation(noticeId, contractId, claimedAt);

  recordDeliveryEvent: RecipientStore['recordDeliveryEvent'] = (noticeId, contractId, event, state, messageId) =>
    this.deliveryEvents.recordDeliveryEvent(noticeId, contractId, event, state, messageId);

  markFailed: RecipientRecoveryStore['markFailed'] = (noticeId, contractId, failure, job) =>
    this.recovery.markFailed(noticeId, contractId, failure, job);
  requestResend: RecipientRecoveryStore['requestResend'] = (expected, resend) =>
    this.recovery.requestResend(expected, resend);
  releaseResend: RecipientRecoveryStore['releaseResend'] = (noticeId, contractId, resendId) =>
    this.recovery.releaseResend(noticeId, contractId, resendId);
  claimForResend: RecipientRecoveryStore['claimForResend'] = (noticeId, contractId, claim) =>
    this.recovery.claimForResend(noticeId, contractId, claim);
  completeResend: RecipientRecoveryStore['completeResend'] = (noticeId, contractId, claimId, sent) =>
    this.recovery.completeResend(noticeId, contractId, claimId, sent);
}
