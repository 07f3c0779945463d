import { languageOr } from '../i18n/language.js';
import { noticeAsTold } from './notice.js';
import type {
  ClientStore,
  Clock,
  Mailer,
  MessageRenderer,
  NoticeStore,
  ProcessorStore,
  RecipientStore,
  VendorEmailStore,
} from './ports.js';
import { sendVendorEmailOnce, type VendorEmailResult } from './vendor-email.js';

export interface ObjectionAlertDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'get'>;
  processors: Pick<ProcessorStore, 'get'>;
  clients: Pick<ClientStore, 'get'>;
  vendorEmails: VendorEmailStore;
  mailer: Mailer;
  renderer: MessageRenderer;
  clock: Clock;
}

export type ObjectionAlertResult = VendorEmailResult | 'not-an-objection' | 'no-contact-address';

/**
 * Tells the vendor of an objection as soon as it is recorded, so that it can react within the window
 * (talk to the client, drop or replace the sub-processor) instead of learning of it at the close.
 *
 * 1. Read the notice and the recipient: only a stored `object` decision is told (the table, not the
 *    event, is the truth); an approval sends nothing.
 * 2. Read the processor: without a contact address there is nobody to tell, and nothing fails.
 * 3. Name the client (its profile), render the e-mail: the client, the grounds, the changes, the deadline.
 * 4. Send it once per (notice, contract): claimed on its permanent record, released if SES fails.
 */
export async function alertVendorOfObjection(
  ref: { noticeId: string; contractId: string },
  deps: ObjectionAlertDependencies,
): Promise<ObjectionAlertResult> {
  const [notice, recipient] = await Promise.all([
    deps.notices.get(ref.noticeId),
    deps.recipients.get(ref.noticeId, ref.contractId),
  ]);
  const decision = recipient?.decision;
  if (notice === undefined || recipient === undefined || decision?.decision !== 'object') return 'not-an-objection';
  const processor = await deps.processors.get(notice.processorId);
  if (processor?.contactEmail === undefined) return 'no-contact-address';
  const client = await deps.clients.get(recipient.clientId);
  const content = deps.renderer.objectionAlert(
    {
      // The changes the client objected to: those it was told of.
      notice: noticeAsTold(notice, recipient),
      contractId: recipient.contractId,
      clientName: client?.name ?? recipient.clientId,
      ...(decision.grounds !== undefined && { grounds: decision.grounds }),
      objectedAt: decision.at,
      closesAt: recipient.closesAt ?? decision.at,
    },
    languageOr(processor.defaultLanguage),
  );
  return sendVendorEmailOnce(
    { noticeId: ref.noticeId, subject: 'objection', contractId: ref.contractId },
    {
      to: [processor.contactEmail],
      ...content,
      tags: { noticeId: ref.noticeId, contractId: ref.contractId, kind: 'vendor-objection' },
    },
    deps,
  );
}
