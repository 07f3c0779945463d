import type { SQSEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { sendingPacer } from '../shared/adapters/sending-pacer.js';
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

/** This instance's share of the SES sending rate: at most maxConcurrency instances consume the queue. */
const waitForSendingSlot = sendingPacer(settings.sesSendsPerSecond / QUEUES.noticeEmails.maxConcurrency);

export const handler = defineTriggerHandler(async (event: SQSEvent) => {
  const notices = new Map<string, StoredNotice>();
  return forEachSqsRecord(event, EmailJobSchema, async (job) => {
    await waitForSendingSlot();
    if (job.kind === 'change-withdrawn') {
      const { kind: _kind, ...ref } = job;
      await sendWithdrawalEmail(ref, { ...stores, mailer, renderer: emailRenderer });
      return;
    }
    await sendNoticeEmail(
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
  });
});
