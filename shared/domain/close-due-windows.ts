import { type CloseDependencies, closeNoticeWindows } from './close-notice-windows.js';
import type { NoticeStore } from './ports.js';

export interface CloseDueWindowsDependencies extends CloseDependencies {
  notices: CloseDependencies['notices'] & Pick<NoticeStore, 'dueForClosing'>;
}

export type ClosePassResult = { noticeId: string; result: Awaited<ReturnType<typeof closeNoticeWindows>> };

/**
 * One close trigger: the one-time schedule of a notice names it; the hourly sweep names none.
 *
 * 1. Take the named notice, or else every open notice whose next close check is due now.
 * 2. Run a close pass on each (closeNoticeWindows: conditional, so any trigger may repeat it).
 * 3. A notice whose pass throws does not stop the others; the pass then fails as a whole, so the
 *    trigger retries (the passes that succeeded are no-ops the second time).
 */
export async function closeDueWindows(
  trigger: { noticeId?: string },
  deps: CloseDueWindowsDependencies,
): Promise<ClosePassResult[]> {
  const noticeIds =
    trigger.noticeId !== undefined
      ? [trigger.noticeId]
      : await deps.notices.dueForClosing(deps.clock.now().toISOString());
  const results: ClosePassResult[] = [];
  const failures: unknown[] = [];
  for (const noticeId of noticeIds) {
    try {
      results.push({ noticeId, result: await closeNoticeWindows(noticeId, deps) });
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} close passes failed`);
  return results;
}
