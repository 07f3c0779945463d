import * as z from 'zod';
import { defineEventContract, REGISTRY_EVENT_SOURCE } from './event-contract.js';

/** A client objected to or approved a notice. Key: (noticeId, contractId); one decision each. */
export const ObjectionRecorded = defineEventContract(
  REGISTRY_EVENT_SOURCE,
  'ObjectionRecorded',
  1,
  z.object({
    schemaVersion: z.literal(1),
    noticeId: z.string(),
    processorId: z.string(),
    contractId: z.string(),
    clientId: z.string(),
    decision: z.enum(['object', 'approve']),
    grounds: z.string().optional(),
    recordedAt: z.iso.datetime(),
  }),
);
