import { languageOr } from '../i18n/language.js';
import type {
  ClientStore,
  Clock,
  Mailer,
  MessageRenderer,
  NoticeStore,
  OutcomeCounts,
  ProcessorStore,
  RecipientStore,
  VendorEmailStore,
} from './ports.js';
import { type NoticeSummary, sendVendorEmailOnce, type VendorEmailResult } from './vendor-email.js';

/** Lines of each list the e-mail shows; the counts stay exact and GET /notices/{id} has every contract. */
export const SUMMARY_LIST_LIMIT = 500;
const PAGE = 200;

export interface NoticeSummaryDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'page'>;
  processors: Pick<ProcessorStore, 'get'>;
  clients: Pick<ClientStore, 'get'>;
  vendorEmails: VendorEmailStore;
  mailer: Mailer;
  renderer: MessageRenderer;
  clock: Clock;
}

export type NoticeSummaryResult = VendorEmailResult | 'no-notice' | 'no-contact-address';

/**
 * Tells the vendor how a notice ended once its last window has closed (ObjectionWindowClosed).
 *
 * 1. Read the notice and the processor: without a contact address nothing is sent, and nothing fails.
 * 2. A summary already sent ends here, before paging through the contracts again (a redelivered event).
 * 3. Page through the recipients: each objection with its grounds, each contract closed `not-notified`;
 *    name each client once (its profile).
 * 4. Render with the counts the close computed, and send once per notice: claimed on its permanent
 *    record, released if SES fails so the retry sends it.
 */
export async function sendNoticeSummaryToVendor(
  closed: { noticeId: string; closedAt: string; counts: OutcomeCounts },
  deps: NoticeSummaryDependencies,
): Promise<NoticeSummaryResult> {
  const notice = await deps.notices.get(closed.noticeId);
  if (notice === undefined) return 'no-notice';
  const processor = await deps.processors.get(notice.processorId);
  if (processor?.contactEmail === undefined) return 'no-contact-address';
  const key = { noticeId: closed.noticeId, subject: 'summary' } as const;
  if ((await deps.vendorEmails.get(key))?.messageId !== undefined) return 'already-handled';

  const names = new Map<string, string>();
  const nameOf = async (clientId: string) => {
    let name = names.get(clientId);
    if (name === undefined) {
      name = (await deps.clients.get(clientId))?.name ?? clientId;
      names.set(clientId, name);
    }
    return name;
  };
  const summary: NoticeSummary = {
    notice,
    closedAt: closed.closedAt,
    counts: closed.counts,
    objections: [],
    notNotified: [],
    omitted: { objections: 0, notNotified: 0 },
  };
  let cursor: string | undefined;
  do {
    const page = await deps.recipients.page(closed.noticeId, { limit: PAGE, ...(cursor !== undefined && { cursor }) });
    for (const recipient of page.items) {
      const decision = recipient.decision;
      if (decision?.decision === 'object') {
        if (summary.objections.length < SUMMARY_LIST_LIMIT) {
          summary.objections.push({
            contractId: recipient.contractId,
            clientName: await nameOf(recipient.clientId),
            ...(decision.grounds !== undefined && { grounds: decision.grounds }),
            at: decision.at,
          });
        } else summary.omitted.objections += 1;
      }
      if (recipient.outcome === 'not-notified') {
        if (summary.notNotified.length < SUMMARY_LIST_LIMIT) {
          summary.notNotified.push({
            contractId: recipient.contractId,
            clientName: await nameOf(recipient.clientId),
            delivery: recipient.delivery,
          });
        } else summary.omitted.notNotified += 1;
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);

  const content = deps.renderer.noticeSummary(summary, languageOr(processor.defaultLanguage));
  return sendVendorEmailOnce(
    key,
    { to: [processor.contactEmail], ...content, tags: { noticeId: closed.noticeId, kind: 'vendor-summary' } },
    deps,
  );
}
