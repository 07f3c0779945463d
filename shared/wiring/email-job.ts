import * as z from 'zod';
import type { EmailJob } from '../domain/fan-out-notice.js';

/** One message of the e-mail queue, as its consumer and its dead-letter consumer read it. */
export const EmailJobSchema = z.strictObject({
  noticeId: z.string(),
  contractId: z.string(),
  resendId: z.string().optional(),
}) satisfies z.ZodType<EmailJob>;
