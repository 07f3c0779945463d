import type { EmailJob } from './fan-out-notice.js';
import type { Clock, RecipientRecoveryStore } from './ports.js';

export interface FailedEmailDependencies {
  recipients: Pick<RecipientRecoveryStore, 'markFailed'>;
  clock: Clock;
}

/**
 * An e-mail job that exhausted its retries (it reached the e-mail queue's dead-letter queue): the
 * recipient is marked `failed` with the reason, so that nothing stays `queued` silently and the
 * vendor sees what to resend.
 *
 * 1. Mark failed by a conditional write: only while nothing went out (queued or sending), with no
 *    decision, and for the job's own send (the first send, or the resend whose marker it carries):
 *    a dead-lettered first-send job does not fail a resend queued since.
 * 2. A second delivery of the same dead letter finds the recipient failed already: nothing changes.
 */
export async function recordFailedEmail(
  job: EmailJob,
  attempts: number,
  deps: FailedEmailDependencies,
): Promise<'marked' | 'unchanged'> {
  const marked = await deps.recipients.markFailed(
    job.noticeId,
    job.contractId,
    { reason: `not sent after ${attempts} attempts (retries exhausted)`, at: deps.clock.now().toISOString() },
    { resendId: job.resendId },
  );
  return marked ? 'marked' : 'unchanged';
}
