import * as z from 'zod';
import { defineEventContract, REGISTRY_EVENT_SOURCE } from './event-contract.js';

/** Every window of a notice has closed; the outcomes are recorded. Key: noticeId. */
export const ObjectionWindowClosed = defineEventContract(
  REGISTRY_EVENT_SOURCE,
  'ObjectionWindowClosed',
  1,
  z.object({
    schemaVersion: z.literal(1),
    noticeId: z.string(),
    processorId: z.string(),
    version: z.int(),
    closedAt: z.iso.datetime(),
    counts: z.object({
      objected: z.int(),
      approved: z.int(),
      impliedConsent: z.int(),
      notNotified: z.int(),
      // A notice withdrawn before its windows closed publishes SubprocessorChangeWithdrawn instead: 0 here.
      withdrawn: z.int().default(0),
    }),
  }),
);
