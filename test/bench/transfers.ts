import type { LocalStack } from '../../infra/local/local-stack.js';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import type { TransferRow } from '../../shared/domain/transfers.js';
import type { Measured } from './notices.js';

interface TransferBenchDependencies {
  stack: LocalStack;
  adminApiKey: string;
  timed(operation: () => Promise<unknown>): Promise<Measured>;
}

const OUTSIDE_EEA: Array<Pick<SubprocessorEntry, 'country' | 'safeguard'>> = [
  { country: 'US', safeguard: { type: 'adequacy', dpfCertified: true } },
  { country: 'US', safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-1' } },
  { country: 'GB', safeguard: { type: 'adequacy' } },
  { country: 'IN', safeguard: { type: 'scc', module: 3 } },
  { country: 'JP', safeguard: { type: 'adequacy', withinScope: true } },
];
const EEA = ['FR', 'DE', 'IE', 'NL', 'SE'];

function row(processor: number, index: number, where: Pick<SubprocessorEntry, 'country' | 'safeguard'>): TransferRow {
  return {
    processorId: `prc_bench${processor}`,
    processorName: `Vendor ${processor}`,
    entryKey: `sp-${index}`,
    entry: {
      id: `sp-${index}`,
      name: `Sub-processor ${index} Ltd`,
      address: `${index} Example Street`,
      purpose: `Purpose ${index}`,
      ...where,
    } as SubprocessorEntry,
    level: 1,
    path: [`Sub-processor ${index} Ltd`],
    sinceVersion: 1,
    sinceEffectiveAt: '2026-01-01T00:00:00.000Z',
    changedInVersion: 1,
    changedEffectiveAt: '2026-01-01T00:00:00.000Z',
    projectedVersion: 1,
  };
}

async function seed(rows: TransferRow[]) {
  const { transfers } = registryStores();
  for (let start = 0; start < rows.length; start += 2000) {
    await transfers.apply(rows.slice(start, start + 2000), '2026-01-01T00:00:00.000Z');
  }
}

/** Every page of `GET /transfers` (outside the EEA, every processor): rows, pages, time, calls. */
async function readEveryTransfer(deps: TransferBenchDependencies) {
  let rows = 0;
  let pages = 0;
  const measured = await deps.timed(async () => {
    let cursor: string | undefined;
    do {
      const response = await fetch(
        `${deps.stack.apiUrl}/transfers?limit=5000${cursor === undefined ? '' : `&cursor=${cursor}`}`,
        { headers: { authorization: `Bearer ${deps.adminApiKey}` } },
      );
      if (!response.ok) throw new Error(`GET /transfers: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { transfers: unknown[]; nextCursor?: string };
      rows += page.transfers.length;
      pages += 1;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  });
  const country = await deps.timed(async () => {
    const response = await fetch(`${deps.stack.apiUrl}/transfers?country=GB&limit=5000`, {
      headers: { authorization: `Bearer ${deps.adminApiKey}` },
    });
    if (!response.ok) throw new Error(`GET /transfers?country=GB: ${response.status}`);
  });
  return { rows, pages, all: measured, country };
}

/**
 * The legal query over `processors` × 20 sub-processors outside the EEA, then the same after adding
 * ten times as many EEA-only entries: the outside-EEA index partition does not see them, so the
 * figure should not move. Rows are seeded straight into the projection (the PUT path is measured
 * elsewhere).
 */
export async function benchTransfers(processors: number, deps: TransferBenchDependencies) {
  const outside: TransferRow[] = [];
  for (let p = 0; p < processors; p++) {
    for (let i = 0; i < 20; i++) outside.push(row(p, i, OUTSIDE_EEA[i % OUTSIDE_EEA.length] as never));
  }
  await seed(outside);
  const before = await readEveryTransfer(deps);

  const eea: TransferRow[] = [];
  for (let p = 0; p < processors; p++) {
    for (let i = 20; i < 220; i++) {
      eea.push(row(p, i, { country: EEA[i % EEA.length] as string, safeguard: { type: 'eea' } }));
    }
  }
  await seed(eea);
  const after = await readEveryTransfer(deps);
  return { processors, outsideRows: outside.length, eeaRows: eea.length, before, after };
}
