import * as z from 'zod';
import { defineEventContract, REGISTRY_EVENT_SOURCE } from './event-contract.js';

/**
 * A processor published a list version that changes what its clients agreed to (or informs them).
 * Published once the version is stored (DynamoDB stream of the version item), so the two cannot
 * come apart. Consumers must be idempotent: the key is (processorId, version).
 */
export const SubprocessorListChanged = defineEventContract(
  REGISTRY_EVENT_SOURCE,
  'SubprocessorListChanged',
  1,
  z.object({
    schemaVersion: z.literal(1),
    processorId: z.string(),
    version: z.int().min(2),
    publishedAt: z.iso.datetime(),
    effectiveAt: z.iso.datetime(),
    needsObjectionWindow: z.boolean(),
    /** Set when this version withdraws a pending one (it restores the list in force before it). */
    withdraws: z.int().min(2).optional(),
  }),
);
