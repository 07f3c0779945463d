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
  /**
   * Whether the client named by `clientId` agrees that this contract is its own (issue 11): the
   * client's own views (transfers, notices, evidence, decisions through the API) include the contract
   * only once it is `confirmed`. Notices go to `notifyEmails` whatever the state: informing is the
   * processor's duty. Absent means `pending` (contracts stored before issue 11, and fixtures).
   */
  confirmation?: ContractConfirmation;
  /** When the client last confirmed or disputed it. */
  confirmationChangedAt?: string;
  /** Every confirmation and dispute, oldest first: the evidence of who agreed to the link, and when. */
  confirmationHistory?: ConfirmationChange[];
  /** When the contract ended (POST …/contracts/{id}/end): no later notice; history and evidence stay. */
  endedAt?: string;
}

export type ContractConfirmation = 'pending' | 'confirmed' | 'disputed';

/** One confirmation or dispute of a contract by its client. */
export interface ConfirmationChange {
  confirmation: Exclude<ContractConfirmation, 'pending'>;
  at: string;
  /** The id of the client's API key that did it (absent only for a principal built by hand). */
  apiKeyId?: string;
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
