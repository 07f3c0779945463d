import { confirmedByClient } from './contract-state.js';
import {
  type DeliveryState,
  decisionChannel,
  type Notice,
  type NoticeChangeRow,
  type NoticeRecipient,
  noticeAsTold,
  type Outcome,
} from './notice.js';
import type { ClientNoticeStore, Clock, ContractStore, NoticeStore, Page } from './ports.js';

/** One notice as its client sees it: what changes, at which vendor, its own delivery, deadline and decision. */
export interface ClientNoticeView {
  noticeId: string;
  contractId: string;
  processor: { id: string; name: string };
  version: number;
  kind: Notice['kind'];
  state: Notice['state'];
  publishedAt: string;
  effectiveAt: string;
  changes: NoticeChangeRow[];
  delivery: DeliveryState;
  sentAt: string | null;
  windowState: NoticeRecipient['windowState'];
  closesAt: string | null;
  decision: { decision: 'object' | 'approve'; grounds?: string; at: string; channel: 'form' | 'api' } | null;
  outcome: Outcome | null;
}

export interface ClientNoticesDependencies {
  contracts: Pick<ContractStore, 'forClient'>;
  clientNotices: ClientNoticeStore;
  notices: Pick<NoticeStore, 'get'>;
  clock: Clock;
}

/**
 * The client's notices (GET /clients/{id}/notices), newest first, a page at a time; `open` keeps the
 * windows it may still decide on (open, deadline ahead), with their deadlines.
 *
 * 1. The client's confirmed contracts: a notice reaching it through a pending or disputed contract
 *    (a processor that bound itself to the client) is not shown, though it was e-mailed.
 * 2. A page of the client's recipients on those contracts (gsi1, newest notice first).
 * 3. Each with its notice: the processor, the changes, the notice's state.
 */
export async function listClientNotices(
  clientId: string,
  query: { open: boolean; limit: number; cursor?: string },
  deps: ClientNoticesDependencies,
): Promise<Page<ClientNoticeView>> {
  const confirmed = (await deps.contracts.forClient(clientId)).filter(confirmedByClient);
  const page = await deps.clientNotices.pageForClient(clientId, {
    contractIds: new Set(confirmed.map((contract) => contract.id)),
    limit: query.limit,
    ...(query.open && { openAt: deps.clock.now().toISOString() }),
    ...(query.cursor !== undefined && { cursor: query.cursor }),
  });
  const noticeIds = [...new Set(page.items.map((recipient) => recipient.noticeId))];
  const notices = new Map(
    (await Promise.all(noticeIds.map((id) => deps.notices.get(id)))).flatMap((notice) =>
      notice === undefined ? [] : [[notice.id, notice] as const],
    ),
  );
  const items = page.items.flatMap((recipient) => {
    const notice = notices.get(recipient.noticeId);
    return notice === undefined ? [] : [clientNoticeView(notice, recipient)];
  });
  return { items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
}

function clientNoticeView(stored: Notice, recipient: NoticeRecipient): ClientNoticeView {
  // The changes this contract was told of (its scopes), not every change of the version.
  const notice = noticeAsTold(stored, recipient);
  const decision = recipient.decision;
  return {
    noticeId: notice.id,
    contractId: recipient.contractId,
    processor: { id: notice.processorId, name: notice.processorName },
    version: notice.version,
    kind: notice.kind,
    state: notice.state,
    publishedAt: notice.publishedAt,
    effectiveAt: notice.effectiveAt,
    changes: notice.changes,
    delivery: recipient.delivery,
    sentAt: recipient.sentAt ?? null,
    windowState: recipient.windowState,
    // A window not sent yet carries a provisional deadline, not one the client was given.
    closesAt: recipient.sentAt === undefined ? null : (recipient.closesAt ?? null),
    decision:
      decision === undefined
        ? null
        : {
            decision: decision.decision,
            ...(decision.grounds !== undefined && { grounds: decision.grounds }),
            at: decision.at,
            channel: decisionChannel(decision),
          },
    outcome: recipient.outcome ?? null,
  };
}
