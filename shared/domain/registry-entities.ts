import type { Language } from '../i18n/language.js';
import type { Issue } from './errors.js';
import type { ListChanges } from './list-diff.js';
import type { SubprocessorEntry } from './subprocessor.js';

/** A vendor acting as a GDPR processor. */
export interface Processor {
  id: string;
  name: string;
  address?: string;
  contactEmail?: string;
  createdAt: string;
  /** Version number of the latest published list; absent until the first list. */
  currentVersion?: number;
  /** Days before a window closes that its client is reminded; absent: the default (processor-profile.ts). */
  reminderDaysBefore?: number;
  /** When the profile was last changed through PATCH /processors/{id}. */
  updatedAt?: string;
  /** The language of the vendor's e-mails and of contracts created without one; absent: English. */
  defaultLanguage?: Language;
}

/** A controller organisation, client of one or more processors. */
export interface Client {
  id: string;
  name: string;
  address?: string;
  contactEmail?: string;
  createdAt: string;
}

/** Processor × client: who receives notices, and the contractual notice period (Art. 28(2)). */
export interface Contract {
  id: string;
  processorId: string;
  clientId: string;
  notifyEmails: string[];
  noticePeriodDays: number;
  reference?: string;
  /** The language its client reads (set at creation; absent on contracts stored before: English). */
  language?: Language;
  /** The scopes of the processor's list this contract uses (scopes.ts); absent: it hears of everything. */
  scopes?: string[];
  createdAt: string;
}

/** One immutable version of a processor's sub-processor list. */
export interface ListVersion {
  processorId: string;
  processorName: string;
  version: number;
  subprocessors: SubprocessorEntry[];
  /** Changes from the previous version; the first version (baseline) lists every entry as added. */
  changes: ListChanges;
  baseline: boolean;
  needsObjectionWindow: boolean;
  warnings: Issue[];
  publishedAt: string;
  effectiveAt: string;
  /** Which legal reference data validated this version (shared/legal/reference.ts). */
  rulesVersion: string;
  contentSha256: string;
  /** Set on a version that withdraws the pending version `withdraws`: it restores the list in force before it. */
  withdraws?: number;
}

export type ListVersionSummary = Omit<ListVersion, 'subprocessors'>;
