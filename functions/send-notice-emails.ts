import type { SQSEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import type { StoredNotice } from '../shared/domain/ports.js';
import { sendNoticeEmail } from '../shared/domain/send-notice-email.js';
import { sendWithdrawalEmail } from '../shared/domain/withdraw-notice.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { forEachSqsRecord } from '../shared/triggers/sqs-batch.js';
import { emailRenderer } from '../shared/views/email-renderer.js';
import { EmailJobSchema } from '../shared/wiring/email-job.js';
import { QUEUES } from '../shared/wiring/events.js';

const stores = registryStores();
const { mailer, scheduler, settings } = notificationServices();

/** Paces this instance to its share of the SES sending rate (maxConcurrency instances at most). */
const minimumGapMs = (1000 * QUEUES.noticeEmails.maxConcurrency) / settings.sesSendsPerSecond;
let lastSendAt = 0;

export const handler = defineTriggerHandler(async (event: SQSEvent) => {
  const notices = new Map<string, StoredNotice>();
  return forEachSqsRecord(event, EmailJobSchema, async (job) => {
    const wait = lastSendAt + minimumGapMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (job.kind === 'change-withdrawn') {
      const { kind: _kind, ...ref } = job;
      if ((await sendWithdrawalEmail(ref, { ...stores, mailer, renderer: emailRenderer })) === 'sent') {
        lastSendAt = Date.now();
      }
      return;
    }
    const result = await sendNoticeEmail(
      job,
      {
        ...stores,
        mailer,
        scheduler,
        renderer: emailRenderer,
        publicBaseUrl: settings.publicBaseUrl,
        claimTimeoutMs: QUEUES.noticeEmails.visibilityTimeoutSeconds * 1000,
      },
      notices,
    );
    if (result === 'sent') lastSendAt = Date.now();
  });
});
