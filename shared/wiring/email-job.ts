import * as z from 'zod';
import type { EmailJob } from '../domain/fan-out-notice.js';

/** One message of the e-mail queue, as its consumer and its dead-letter consumer read it. */
export const EmailJobSchema = z.strictObject({
  noticeId: z.string(),
  contractId: z.string(),
  resendId: z.string().optional(),
  /** A "change withdrawn" e-mail (withdraw-notice.ts) rather than the notice: the same queue, the same pace. */
  kind: z.literal('change-withdrawn').optional(),
}) satisfies z.ZodType<EmailJob>;
