import * as z from 'zod';

/**
 * What the reminder function receives from its schedule (shared/wiring/events.ts,
 * SCHEDULES.sendDueReminders), declared once for the CDK stack, the local scheduler and the handler:
 * `{ sweep: true }`, every reminder due now. Anything else is refused: the invocation fails, is
 * retried, then kept on the scheduler's dead-letter queue.
 */
export const RemindersTriggerSchema = z.strictObject({ sweep: z.literal(true) });

export type RemindersTrigger = z.output<typeof RemindersTriggerSchema>;

/** The input of the periodic reminder pass. */
export function remindersSweepTrigger(): RemindersTrigger {
  return RemindersTriggerSchema.parse({ sweep: true });
}
