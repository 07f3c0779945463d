import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import { NotFoundError } from './errors.js';
import type { ProcessorProfileStore } from './ports.js';
import type { Processor } from './registry-entities.js';

/**
 * How many days before a contract's window closes its client gets a reminder (issue 10, item 5). A
 * processor registered before the setting existed has none stored: it gets this default.
 */
export const DEFAULT_REMINDER_DAYS_BEFORE = 5;
/** 0 turns reminders off; 60 days is longer than any usual notice period (15–30 days). */
export const MAX_REMINDER_DAYS_BEFORE = 60;

/** The vendor's own settings, as `GET` and `PATCH /processors/{id}` show them: every field, unset ones as null. */
export interface ProcessorProfile {
  id: string;
  name: string;
  address: string | null;
  contactEmail: string | null;
  reminderDaysBefore: number;
  /** The language of the vendor's e-mails and of contracts created without one. */
  defaultLanguage: Language;
  createdAt: string;
  updatedAt: string | null;
}

/**
 * A change to the profile: each field present is set, `null` clears an optional one. Fields left out
 * stay as they are, so two vendors' staff changing different fields at once both keep their change.
 */
export interface ProcessorProfilePatch {
  name?: string;
  address?: string | null;
  contactEmail?: string | null;
  reminderDaysBefore?: number;
  defaultLanguage?: Language;
}

export function profileOf(processor: Processor): ProcessorProfile {
  return {
    id: processor.id,
    name: processor.name,
    address: processor.address ?? null,
    contactEmail: processor.contactEmail ?? null,
    reminderDaysBefore: processor.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE,
    defaultLanguage: processor.defaultLanguage ?? DEFAULT_LANGUAGE,
    createdAt: processor.createdAt,
    updatedAt: processor.updatedAt ?? null,
  };
}

export async function getProcessorProfile(
  processorId: string,
  deps: { processors: Pick<ProcessorProfileStore, 'get'> },
): Promise<ProcessorProfile> {
  const processor = await deps.processors.get(processorId);
  if (processor === undefined) throw new NotFoundError(`no processor ${processorId}`);
  return profileOf(processor);
}

/**
 * Changes the fields sent, and only those, in one conditional write (one SET or REMOVE per field, on
 * an existing profile): no read-modify-write, so a concurrent change of another field is never lost.
 * The answer is the whole profile as that write left it.
 */
export async function updateProcessorProfile(
  processorId: string,
  patch: ProcessorProfilePatch,
  deps: { processors: Pick<ProcessorProfileStore, 'updateProfile'>; clock: { now(): Date } },
): Promise<ProcessorProfile> {
  const updated = await deps.processors.updateProfile(processorId, patch, deps.clock.now().toISOString());
  if (updated === undefined) throw new NotFoundError(`no processor ${processorId}`);
  return profileOf(updated);
}
