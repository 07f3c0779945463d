import { type Notice, noticeChangeRows, noticeIdFor } from './notice.js';
import type { Clock, ListVersionStore, NoticeStore, QueueSender } from './ports.js';
import { usesScopes } from './scopes.js';

export interface FanOutPage {
  noticeId: string;
  /** Last contract id of the previous page; absent for the first page. */
  cursor?: string;
}

export interface OpenNoticeDependencies {
  listVersions: Pick<ListVersionStore, 'get'>;
  notices: Pick<NoticeStore, 'open' | 'get' | 'markFanOutStarted'>;
  fanOutPages: QueueSender<FanOutPage>;
  clock: Clock;
}

/**
 * Opens the notice of a published list version, once, and starts telling the clients.
 *
 * 1. Load the version and its predecessor; the baseline needs no notice.
 * 2. Store the notice with the changes table (conditional: a redelivered event opens nothing new).
 * 3. Start the fan-out over contracts unless it was started already. A crash between 2 and 3 is
 *    healed by the redelivery, since "started" is recorded only after the first page is queued.
 */
export async function openNotice(
  published: { processorId: string; version: number },
  deps: OpenNoticeDependencies,
): Promise<Notice | undefined> {
  const version = await deps.listVersions.get(published.processorId, published.version);
  // A withdrawal restores the list in force: it tells nobody anything (withdrawNotice handles the notice it withdraws).
  if (version === undefined || version.baseline || version.withdraws !== undefined) return undefined;
  const [previous, next] = await Promise.all([
    deps.listVersions.get(published.processorId, published.version - 1),
    deps.listVersions.get(published.processorId, published.version + 1),
  ]);
  // Withdrawn before its notice opened: the notice is kept (as withdrawn) and nobody is told of the change.
  const withdrawnBy = next?.withdraws === version.version ? next : undefined;

  const now = deps.clock.now().toISOString();
  const notice: Notice = {
    id: noticeIdFor(version.processorId, version.version),
    processorId: version.processorId,
    processorName: version.processorName,
    version: version.version,
    kind: version.needsObjectionWindow ? 'objection-window' : 'informational',
    publishedAt: version.publishedAt,
    effectiveAt: version.effectiveAt,
    changes: noticeChangeRows(version, previous),
    openedAt: now,
    ...(usesScopes(version.subprocessors, previous?.subprocessors ?? []) && { byScope: true as const }),
    state: version.needsObjectionWindow ? 'open' : 'closed',
    ...(withdrawnBy !== undefined && {
      state: 'withdrawn',
      withdrawnAt: withdrawnBy.publishedAt,
      withdrawnByVersion: withdrawnBy.version,
    }),
  };
  await deps.notices.open(notice, undefined);
  const stored = (await deps.notices.get(notice.id)) ?? notice;
  if (stored.state === 'withdrawn') return stored;
  if (!('fanOutStartedAt' in stored) || stored.fanOutStartedAt === undefined) {
    await deps.fanOutPages.sendAll([{ noticeId: notice.id }]);
    await deps.notices.markFanOutStarted(notice.id, now);
  }
  return stored;
}
