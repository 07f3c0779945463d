import * as z from 'zod';
import { defineEventContract, REGISTRY_EVENT_SOURCE } from './event-contract.js';

/**
 * A list version that needed objection windows took effect: the time the vendor asked for has come
 * and the last window of every contract its notice reached has closed. From `effectiveAt` the version
 * is the list in force (its sub-processors may be engaged). Published once per version: the close pass
 * claims the publication on the version's effect item; a crash between the publication and its record
 * may publish it twice, so consumers key on (processorId, version).
 */
export const SubprocessorChangeEffective = defineEventContract(
  REGISTRY_EVENT_SOURCE,
  'SubprocessorChangeEffective',
  1,
  z.object({
    schemaVersion: z.literal(1),
    processorId: z.string(),
    version: z.int().min(2),
    effectiveAt: z.iso.datetime(),
  }),
);
