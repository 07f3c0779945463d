import * as z from 'zod';

/**
 * What the window-closing function receives, from its two triggers (shared/wiring/events.ts,
 * SCHEDULES.closeDueWindows), declared once for the CDK stack, the scheduler adapter, the local
 * scheduler and the handler:
 * - the one-time schedule of a notice: `{ noticeId }`, closes that notice's due windows;
 * - the hourly sweep: `{ sweep: true }`, closes every window that is due.
 * These are the shapes deployed schedules already carry, so schedules armed before a deployment still
 * parse after it. Anything else is refused: the invocation fails, is retried, then kept on the
 * scheduler's dead-letter queue, instead of being read as a sweep.
 */
export const CloseWindowsTriggerSchema = z.union([
  z.strictObject({ noticeId: z.string().regex(/^ntc_[A-Za-z0-9_-]{1,100}$/, 'must be a notice id (ntc_…)') }),
  z.strictObject({ sweep: z.literal(true) }),
]);

export type CloseWindowsTrigger = z.output<typeof CloseWindowsTriggerSchema>;

/** The input of a notice's one-time schedule. */
export function closeNoticeTrigger(noticeId: string): CloseWindowsTrigger {
  return CloseWindowsTriggerSchema.parse({ noticeId });
}

/** The input of the periodic sweep. */
export function sweepTrigger(): CloseWindowsTrigger {
  return CloseWindowsTriggerSchema.parse({ sweep: true });
}

/** The notice a trigger names, or undefined for the sweep (every due notice). */
export function parseCloseWindowsTrigger(event: unknown): { noticeId?: string } {
  const trigger = CloseWindowsTriggerSchema.parse(event);
  return 'noticeId' in trigger ? { noticeId: trigger.noticeId } : {};
}
