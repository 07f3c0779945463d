import * as z from 'zod';

/**
 * SES configuration-set events delivered to EventBridge (source "aws.ses"). Only the fields we read
 * are checked; OPEN and CLICK are produced by mail scanners and are never evidence, so they are not
 * routed here at all.
 */
export const SES_EVENT_SOURCE = 'aws.ses';
export const SES_DETAIL_TYPES = [
  'Email Sent',
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
  'Email Delivery Delayed',
  'Email Rendering Failed',
] as const;

export const SesEmailEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string().optional(),
    destination: z.array(z.string()).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]),
      timestamp: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]),
      timestamp: z.string().optional(),
    })
    .optional(),
  delivery: z.object({ recipients: z.array(z.string()).default([]), timestamp: z.string().optional() }).optional(),
});

export type SesEmailEvent = z.infer<typeof SesEmailEventDetail>;
