import * as z from 'zod';
import { defineEventContract, REGISTRY_EVENT_SOURCE } from './event-contract.js';

/**
 * A pending change was withdrawn before it took effect: its notice is `withdrawn`, every window that
 * was still open closed with the outcome `withdrawn` (never implied consent), and the counts say how
 * the notice ended. Published once the windows are closed and the clients' e-mails queued; a crash
 * may publish it twice, so consumers key on noticeId.
 */
export const SubprocessorChangeWithdrawn = defineEventContract(
  REGISTRY_EVENT_SOURCE,
  'SubprocessorChangeWithdrawn',
  1,
  z.object({
    schemaVersion: z.literal(1),
    noticeId: z.string(),
    processorId: z.string(),
    /** The version withdrawn. */
    version: z.int().min(2),
    /** The version that restored the list in force before it. */
    withdrawnByVersion: z.int().min(3),
    withdrawnAt: z.iso.datetime(),
    counts: z.object({
      objected: z.int(),
      approved: z.int(),
      impliedConsent: z.int(),
      notNotified: z.int(),
      withdrawn: z.int(),
    }),
  }),
);
