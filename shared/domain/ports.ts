import type { Principal } from './api-key.js';
import type { Client, Contract, ListVersion, ListVersionSummary, Processor } from './registry-entities.js';

/** A page of results and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface ProcessorStore {
  /** Stores the processor and the hash of its API key together. */
  create(processor: Processor, apiKeyHash: string): Promise<void>;
  get(id: string): Promise<Processor | undefined>;
}

export interface ClientStore {
  create(client: Client, apiKeyHash: string): Promise<void>;
  get(id: string): Promise<Client | undefined>;
}

export interface ApiKeyStore {
  findPrincipal(apiKeyHash: string): Promise<Principal | undefined>;
}

export interface ContractStore {
  /** Throws ConflictError if the processor already has a contract with that client, ValidationError if the client is unknown. */
  create(contract: Contract): Promise<void>;
  /** The longest notice period among the processor's contracts, if it has any. */
  longestNoticePeriodDays(processorId: string): Promise<number | undefined>;
}

export interface ListVersionStore {
  get(processorId: string, version: number): Promise<ListVersion | undefined>;
  latest(processorId: string): Promise<ListVersion | undefined>;
  history(processorId: string, page: { limit: number; cursor?: string }): Promise<Page<ListVersionSummary>>;
  /**
   * Stores a new version and makes it current, atomically, if the current version is still
   * `expectedCurrent` (undefined: no list yet). Throws PreconditionFailedError otherwise.
   */
  publish(version: ListVersion, expectedCurrent: number | undefined): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
