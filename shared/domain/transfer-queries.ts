import { confirmedByClient, contractState } from './contract-state.js';
import { ValidationError } from './errors.js';
import type { Clock, ContractStore, TransferStore, VersionEffectStore } from './ports.js';
import { concerns } from './scopes.js';
import {
  matchesFilter,
  scheduledVersionsOf,
  scopesOf,
  type TransferFilter,
  type TransferRow,
  type TransferView,
  viewTransfer,
} from './transfers.js';

/** Whose transfers: every processor's (the operator), a client's processors', or one processor's. */
export type TransferScope =
  | { kind: 'all' }
  | { kind: 'client'; clientId: string }
  | { kind: 'processor'; processorId: string };

export interface AffectedContract {
  contractId: string;
  clientId: string;
}

export type TransferResult = TransferView & { affectedContracts?: AffectedContract[] };

export interface TransferQueryResult {
  transfers: TransferResult[];
  nextCursor?: string;
}

export interface TransferQueryDependencies {
  transfers: TransferStore;
  contracts: Pick<ContractStore, 'forClient' | 'page'>;
  /** The effective times of the versions still waiting for windows that the rows name. */
  effects: Pick<VersionEffectStore, 'getMany'>;
  clock: Clock;
}

const SIDES = ['outside-eea', 'eea'] as const;

/**
 * `<side index><index cursor>`: a query over both sides of the border resumes where it stopped. The
 * side is one digit, so the whole stays in the one cursor alphabet (base64url) every query uses.
 */
function parseCursor(cursor: string | undefined, sides: number): { side: number; inner?: string } {
  if (cursor === undefined) return { side: 0 };
  const match = /^([01])(.+)$/.exec(cursor);
  const side = Number(match?.[1]);
  if (match?.[2] === undefined || side >= sides) {
    throw new ValidationError('query.cursor: not a cursor this API returned', [
      { path: 'query.cursor', rule: 'cursor', message: 'query.cursor: not a cursor this API returned' },
    ]);
  }
  return { side, inner: match[2] };
}

/** Operator scope: pages of the destination index, outside the EEA first (and only, by default). */
async function rowsOfEveryProcessor(
  filter: TransferFilter,
  page: { limit: number; cursor?: string },
  deps: TransferQueryDependencies,
): Promise<{ rows: TransferRow[]; nextCursor?: string }> {
  const sides = filter.includeEea ? SIDES : SIDES.slice(0, 1);
  let { side, inner } = parseCursor(page.cursor, sides.length);
  const destination = filter.withoutAdequacy ?? filter.country;
  const rows: TransferRow[] = [];
  while (rows.length < page.limit && side < sides.length) {
    const result = await deps.transfers.page(sides[side] as (typeof SIDES)[number], {
      limit: page.limit - rows.length,
      ...(destination !== undefined && { destination }),
      ...(inner !== undefined && { cursor: inner }),
    });
    rows.push(...result.items);
    inner = result.nextCursor;
    if (inner === undefined) side += 1;
  }
  return { rows, ...(side < sides.length && inner !== undefined && { nextCursor: `${side}${inner}` }) };
}

async function rowsOfProcessors(processorIds: Iterable<string>, deps: TransferQueryDependencies) {
  const perProcessor = await Promise.all([...new Set(processorIds)].map((id) => deps.transfers.forProcessor(id)));
  return perProcessor.flat();
}

async function contractsOf(processorId: string, deps: TransferQueryDependencies): Promise<AffectedContract[]> {
  const contracts: AffectedContract[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.contracts.page(processorId, { limit: 500, ...(cursor !== undefined && { cursor }) });
    // An ended contract is no longer affected by a transfer of its former processor.
    contracts.push(
      ...page.items.filter((c) => c.endedAt === undefined).map((c) => ({ contractId: c.id, clientId: c.clientId })),
    );
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return contracts;
}

const byDestination = (a: TransferView, b: TransferView) =>
  (a.country?.code ?? a.internationalOrganisation ?? '').localeCompare(
    b.country?.code ?? b.internationalOrganisation ?? '',
  ) ||
  a.processorName.localeCompare(b.processorName) ||
  a.path.join(' → ').localeCompare(b.path.join(' → '));

/**
 * Which data leaves the EEA, to where, on which basis. Reads the transfer projection only: no Scan,
 * and outside-EEA rows come from an index partition of their own, so the cost follows the rows
 * returned. With `withoutAdequacy`, lists the transfers that rest on that country's adequacy
 * decision and the contracts (and clients) that would be left without a basis if it fell.
 */
export async function queryTransfers(
  scope: TransferScope,
  filter: TransferFilter,
  page: { limit: number; cursor?: string },
  deps: TransferQueryDependencies,
): Promise<TransferQueryResult> {
  const now = deps.clock.now();
  let rows: TransferRow[];
  let nextCursor: string | undefined;
  let clientContracts: Map<string, AffectedContract[]> | undefined;
  if (scope.kind === 'processor') {
    rows = await deps.transfers.forProcessor(scope.processorId);
  } else if (scope.kind === 'client') {
    // Only the processors the client confirmed as its own, under a contract still running (issue 11).
    const contracts = (await deps.contracts.forClient(scope.clientId)).filter(
      (contract) => confirmedByClient(contract) && contractState(contract) === 'active',
    );
    clientContracts = new Map(
      contracts.map((c) => [c.processorId, [{ contractId: c.id, clientId: c.clientId }]] as const),
    );
    // Only the entries that concern the client's contracts: not another datacenter's sub-processors.
    rows = (await rowsOfProcessors(clientContracts.keys(), deps)).filter((row) =>
      contracts.some(
        (contract) => contract.processorId === row.processorId && concerns({ scopes: scopesOf(row) }, contract),
      ),
    );
  } else if (filter.processorId !== undefined) {
    rows = await deps.transfers.forProcessor(filter.processorId);
  } else {
    ({ rows, nextCursor } = await rowsOfEveryProcessor(filter, page, deps));
  }

  const waitingFor = scheduledVersionsOf(rows);
  const effects = waitingFor.length === 0 ? new Map() : await deps.effects.getMany(waitingFor);
  const views = rows
    .map((row) => viewTransfer(row, now, effects))
    .filter((view): view is TransferView => view !== undefined && matchesFilter(view, filter))
    .sort(byDestination);

  if (filter.withoutAdequacy === undefined) return { transfers: views, ...(nextCursor && { nextCursor }) };
  // One contract listing per affected processor, all at once: a page may span thousands of them.
  const contractsByProcessor = new Map(
    await Promise.all(
      [...new Set(views.map((v) => v.processorId))].map(
        async (processorId) =>
          [processorId, clientContracts?.get(processorId) ?? (await contractsOf(processorId, deps))] as const,
      ),
    ),
  );
  return {
    transfers: views.map((view) => ({ ...view, affectedContracts: contractsByProcessor.get(view.processorId) ?? [] })),
    ...(nextCursor && { nextCursor }),
  };
}
