import type { FanOutPage } from './open-notice.js';
import type { Clock, ContractStore, NoticeStore, QueueSender, RecipientStore, WindowScheduler } from './ports.js';
import { windowClosesAt } from './time.js';

/** Contracts per fan-out page: one page is one short invocation, whatever the number of contracts. */
export const FAN_OUT_PAGE_SIZE = 250;

export interface EmailJob {
  noticeId: string;
  contractId: string;
  /** Set for a resend: the id of its "resend requested" marker (resend-notice.ts). */
  resendId?: string;
}

export interface FanOutDependencies {
  notices: Pick<NoticeStore, 'get' | 'setNextCloseCheck'>;
  contracts: Pick<ContractStore, 'page'>;
  recipients: Pick<RecipientStore, 'addAllIfAbsent'>;
  emailJobs: QueueSender<EmailJob>;
  fanOutPages: QueueSender<FanOutPage>;
  scheduler: WindowScheduler;
  clock: Clock;
}

/**
 * One page of a notice's fan-out: each contract that existed at publication becomes a recipient
 * (once: conditional puts, 100 per transaction) and an e-mail job; the next page is queued. Replaying a page is harmless:
 * recipients exist already and the e-mail sender sends once per (notice, contract).
 * A window has no deadline until its e-mail goes out (send time + period); one that never goes out
 * closes not-notified when the version takes effect (close-notice-windows.ts), never as implied consent.
 * The first close check is armed for the earliest deadline the sends can give.
 */
export async function fanOutNoticePage(
  page: FanOutPage,
  deps: FanOutDependencies,
): Promise<{ recipients: number; nextCursor?: string }> {
  const notice = await deps.notices.get(page.noticeId);
  if (notice === undefined) throw new Error(`notice ${page.noticeId} not found`);
  // A withdrawn change is told to nobody new (withdrawNotice tells those already told).
  if (notice.state === 'withdrawn') return { recipients: 0 };
  const contracts = await deps.contracts.page(notice.processorId, {
    limit: FAN_OUT_PAGE_SIZE,
    ...(page.cursor !== undefined && { cursor: page.cursor }),
  });
  const eligible = contracts.items.filter((contract) => contract.createdAt <= notice.publishedAt);
  const withWindow = notice.kind === 'objection-window';
  const opened = Date.parse(notice.openedAt);

  await deps.recipients.addAllIfAbsent(
    eligible.map((contract) => ({
      noticeId: notice.id,
      processorId: notice.processorId,
      contractId: contract.id,
      clientId: contract.clientId,
      notifyEmails: contract.notifyEmails,
      noticePeriodDays: contract.noticePeriodDays,
      ...(contract.language !== undefined && { language: contract.language }),
      delivery: 'queued',
      deliveryEvents: [],
      windowState: withWindow ? 'pending' : 'none',
      ...(withWindow && { outcome: 'pending' as const }),
    })),
  );

  await deps.emailJobs.sendAll(eligible.map((contract) => ({ noticeId: notice.id, contractId: contract.id })));

  if (withWindow && eligible.length > 0) {
    const earliest = Math.min(...eligible.map((c) => windowClosesAt(opened, c.noticePeriodDays).getTime()));
    await deps.scheduler.scheduleClose(notice.id, new Date(earliest));
    await deps.notices.setNextCloseCheck(notice.id, new Date(earliest).toISOString());
  }
  if (contracts.nextCursor !== undefined) {
    await deps.fanOutPages.sendAll([{ noticeId: notice.id, cursor: contracts.nextCursor }]);
  }
  return {
    recipients: eligible.length,
    ...(contracts.nextCursor !== undefined && { nextCursor: contracts.nextCursor }),
  };
}
