import { type Notice, type NoticeChangeRow, type NoticeRecipient, noticeChangeRows } from './notice.js';
import type { FanOutPage } from './open-notice.js';
import type {
  Clock,
  ContractStore,
  ListVersionStore,
  NoticeStore,
  QueueSender,
  RecipientStore,
  WindowScheduler,
} from './ports.js';
import type { Contract } from './registry-entities.js';
import { changesForContract, scopeKey } from './scopes.js';
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
  /** The version and the one before, for the changes a contract with scopes is told. */
  listVersions: Pick<ListVersionStore, 'get'>;
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
  // An ended contract gets no later notice (issue 11); its windows already open close as usual.
  const signed = contracts.items.filter(
    (contract) => contract.createdAt <= notice.publishedAt && contract.endedAt === undefined,
  );
  const toldOf = await scopedChanges(notice, signed, deps);
  // A contract with scopes hears only of the changes that concern it, and nothing if none does.
  const eligible = signed.filter((contract) => toldOf(contract)?.rows.length !== 0);
  const opened = Date.parse(notice.openedAt);
  const recipients: NoticeRecipient[] = eligible.map((contract) => {
    const scoped = toldOf(contract);
    const withWindow = notice.kind === 'objection-window' && (scoped?.needsObjectionWindow ?? true);
    return {
      noticeId: notice.id,
      processorId: notice.processorId,
      contractId: contract.id,
      clientId: contract.clientId,
      notifyEmails: contract.notifyEmails,
      noticePeriodDays: contract.noticePeriodDays,
      publishedAt: notice.publishedAt,
      ...(contract.language !== undefined && { language: contract.language }),
      delivery: 'queued',
      deliveryEvents: [],
      windowState: withWindow ? 'pending' : 'none',
      ...(withWindow && { outcome: 'pending' as const }),
      ...(scoped !== undefined && { changes: scoped.rows }),
    };
  });
  await deps.recipients.addAllIfAbsent(recipients);

  await deps.emailJobs.sendAll(eligible.map((contract) => ({ noticeId: notice.id, contractId: contract.id })));

  const withWindows = recipients.filter((r) => r.windowState === 'pending');
  if (withWindows.length > 0) {
    const earliest = Math.min(...withWindows.map((r) => windowClosesAt(opened, r.noticePeriodDays).getTime()));
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

interface ScopedChanges {
  rows: NoticeChangeRow[];
  needsObjectionWindow: boolean;
}

/**
 * What each contract is told when scopes are in play (scopes.ts): the diff of the version and the one
 * before as that contract sees them, computed once per set of scopes. Undefined when neither the list
 * nor the contract uses scopes: it is told the notice's changes. Reads the two versions only then.
 */
async function scopedChanges(
  notice: Notice,
  contracts: readonly Contract[],
  deps: Pick<FanOutDependencies, 'listVersions'>,
): Promise<(contract: Contract) => ScopedChanges | undefined> {
  const hasScopes = (contract: Contract) => contract.scopes !== undefined && contract.scopes.length > 0;
  if (notice.byScope !== true && !contracts.some(hasScopes)) return () => undefined;
  const [previous, version] = await Promise.all([
    deps.listVersions.get(notice.processorId, notice.version - 1),
    deps.listVersions.get(notice.processorId, notice.version),
  ]);
  if (version === undefined) throw new Error(`version ${notice.version} of ${notice.processorId} not found`);
  const byScopes = new Map<string, ScopedChanges>();
  return (contract) => {
    // A list without scopes tells a contract without scopes the notice's own changes.
    if (notice.byScope !== true && !hasScopes(contract)) return undefined;
    const key = scopeKey(contract);
    let scoped = byScopes.get(key);
    if (scoped === undefined) {
      const seen = changesForContract(previous?.subprocessors ?? [], version.subprocessors, contract);
      // Rows read the entries where the records locate them: in the lists as this contract sees them.
      const rows = noticeChangeRows(
        { ...version, subprocessors: seen.after, changes: seen.changes },
        previous === undefined ? undefined : { ...previous, subprocessors: seen.before },
      );
      scoped = { rows, needsObjectionWindow: seen.needsObjectionWindow };
      byScopes.set(key, scoped);
    }
    return scoped;
  };
}
