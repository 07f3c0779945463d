import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONFIRMATION_CHANGES } from '../../shared/adapters/dynamodb/contract-client-repository.js';
import { setContractConfirmation } from '../../shared/domain/contract-confirmation.js';
import { createContract } from '../../shared/domain/create-contract.js';
import { END_CLOCK_ALLOWANCE_MS, endContract } from '../../shared/domain/end-contract.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import {
  getProcessorContract,
  listClientContracts,
  listProcessorContracts,
} from '../../shared/domain/list-contracts.js';
import { updateContract } from '../../shared/domain/update-contract.js';
import { contractsOf, InMemoryProcessorStore, type VendorPorts, vendorPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const SIGNED = at(-3_600_000);

let ports: VendorPorts;
beforeEach(async () => {
  ports = vendorPorts(T0);
  // ctr_000 (15 days) and ctr_001 (30 days), signed an hour ago, clients confirmed.
  await contractsOf(ports, 'prc_acme', [15, 30]);
});

describe('endContract', () => {
  it('ends now by default: the contract reads ended, and no longer lengthens effective dates', async () => {
    const ended = await endContract('prc_acme', 'ctr_001', {}, ports);

    expect(ended.endedAt).toBe(T0);
    expect(ports.contracts.rows.get('prc_acme#ctr_001')?.endedAt).toBe(T0);
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.endedAt).toBeUndefined();
    expect(await ports.contracts.longestNoticePeriodDays('prc_acme')).toBe(15);
    expect((await getProcessorContract('prc_acme', 'ctr_001', ports)).state).toBe('ended');
  });

  it('keeps an earlier end date given, in UTC', async () => {
    const ended = await endContract('prc_acme', 'ctr_000', { endedAt: '2026-01-05T09:30:00+01:00' }, ports);
    expect(ended.endedAt).toBe('2026-01-05T08:30:00.000Z');
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.endedAt).toBe('2026-01-05T08:30:00.000Z');
  });

  it('refuses an end before the contract was created, or in the future beyond the clock allowance: 400 naming endedAt', async () => {
    expect.assertions(5);
    for (const [endedAt, rule] of [
      [at(-3_600_001), 'not-before-creation'],
      [at(END_CLOCK_ALLOWANCE_MS + 1), 'not-in-future'],
    ] as const) {
      try {
        await endContract('prc_acme', 'ctr_000', { endedAt }, ports);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((issue) => [issue.path, issue.rule])).toEqual([['endedAt', rule]]);
      }
    }
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.endedAt).toBeUndefined();
  });

  it('accepts an end exactly at creation, and a few minutes ahead (the caller’s clock)', async () => {
    expect((await endContract('prc_acme', 'ctr_000', { endedAt: SIGNED }, ports)).endedAt).toBe(SIGNED);
    const ahead = at(END_CLOCK_ALLOWANCE_MS);
    expect((await endContract('prc_acme', 'ctr_001', { endedAt: ahead }, ports)).endedAt).toBe(ahead);
  });

  it('answers 409 to a second end, naming the first; the first end date stays', async () => {
    await endContract('prc_acme', 'ctr_000', {}, ports);
    ports.clock.advance(60_000);

    await expect(endContract('prc_acme', 'ctr_000', {}, ports)).rejects.toThrow(
      new ConflictError(`contract ctr_000 ended already, at ${T0}`),
    );
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.endedAt).toBe(T0);
  });

  it('answers 409 when another end commits between the read and the write (condition lost)', async () => {
    ports.contracts.before('end', () => {
      const row = ports.contracts.rows.get('prc_acme#ctr_000');
      if (row !== undefined) row.endedAt = at(-1_000);
    });

    await expect(endContract('prc_acme', 'ctr_000', {}, ports)).rejects.toBeInstanceOf(ConflictError);
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.endedAt).toBe(at(-1_000));
  });

  it('re-reads after a concurrent PATCH of the period, and ends the contract', async () => {
    ports.contracts.before('end', () => {
      const row = ports.contracts.rows.get('prc_acme#ctr_000');
      if (row !== undefined) row.noticePeriodDays = 45;
    });

    const ended = await endContract('prc_acme', 'ctr_000', {}, ports);

    expect(ended).toMatchObject({ noticePeriodDays: 45, endedAt: T0 });
    expect(ports.contracts.rows.get('prc_acme#ctr_000')).toMatchObject({ noticePeriodDays: 45, endedAt: T0 });
  });

  it("answers 404 for another processor's contract and ends nothing", async () => {
    await expect(endContract('prc_other', 'ctr_000', {}, ports)).rejects.toBeInstanceOf(NotFoundError);
    expect([...ports.contracts.rows.values()].filter((c) => c.endedAt !== undefined)).toEqual([]);
  });

  it('refuses a PATCH of an ended contract with 409, and changes nothing', async () => {
    await endContract('prc_acme', 'ctr_000', {}, ports);

    await expect(updateContract('prc_acme', 'ctr_000', { reference: 'DPA-9' }, ports)).rejects.toThrow(
      new ConflictError(`contract ctr_000 ended at ${T0}: an ended contract cannot change`),
    );
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.reference).toBeUndefined();
  });

  it('refuses a PATCH when the contract ends between its read and its write', async () => {
    ports.contracts.before('update', () => {
      const row = ports.contracts.rows.get('prc_acme#ctr_000');
      if (row !== undefined) row.endedAt = T0;
    });

    await expect(updateContract('prc_acme', 'ctr_000', { reference: 'DPA-9' }, ports)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.reference).toBeUndefined();
  });
});

describe('listProcessorContracts', () => {
  it('lists every contract, or only the active or the ended ones, each with its state and confirmation', async () => {
    await endContract('prc_acme', 'ctr_001', {}, ports);

    const all = await listProcessorContracts('prc_acme', { limit: 10 }, ports);
    const active = await listProcessorContracts('prc_acme', { state: 'active', limit: 10 }, ports);
    const ended = await listProcessorContracts('prc_acme', { state: 'ended', limit: 10 }, ports);

    expect(all.items.map((c) => [c.id, c.state, c.endedAt, c.confirmation])).toEqual([
      ['ctr_000', 'active', null, 'confirmed'],
      ['ctr_001', 'ended', T0, 'confirmed'],
    ]);
    expect(active.items.map((c) => c.id)).toEqual(['ctr_000']);
    expect(ended.items.map((c) => c.id)).toEqual(['ctr_001']);
    expect(await listProcessorContracts('prc_other', { limit: 10 }, ports)).toEqual({ items: [] });
  });
});

describe('setContractConfirmation', () => {
  let contractId: string;
  beforeEach(async () => {
    contractId = (
      await createContract({ processorId: 'prc_acme', clientId: 'cli_x', notifyEmails: ['a@x.example'] }, ports)
    ).id;
  });

  it('confirms, disputes and confirms again, each change recorded with its time', async () => {
    const first = await setContractConfirmation('cli_x', contractId, 'confirmed', {}, ports);
    ports.clock.advance(1_000);
    await setContractConfirmation('cli_x', contractId, 'disputed', {}, ports);
    ports.clock.advance(1_000);
    const last = await setContractConfirmation('cli_x', contractId, 'confirmed', { apiKeyId: 'key_1' }, ports);

    expect(first.changed).toBe(true);
    expect(last).toMatchObject({ changed: true, contract: { confirmation: 'confirmed' } });
    expect(ports.contracts.rows.get(`prc_acme#${contractId}`)).toMatchObject({
      confirmation: 'confirmed',
      confirmationChangedAt: at(2_000),
      confirmationHistory: [
        { confirmation: 'confirmed', at: T0 },
        { confirmation: 'disputed', at: at(1_000) },
        { confirmation: 'confirmed', at: at(2_000), apiKeyId: 'key_1' },
      ],
    });
  });

  it('changes nothing when asked for the state the contract has (a retried request)', async () => {
    await setContractConfirmation('cli_x', contractId, 'disputed', {}, ports);
    ports.clock.advance(1_000);

    const again = await setContractConfirmation('cli_x', contractId, 'disputed', {}, ports);

    expect(again.changed).toBe(false);
    expect(ports.contracts.rows.get(`prc_acme#${contractId}`)?.confirmationHistory).toEqual([
      { confirmation: 'disputed', at: T0 },
    ]);
  });

  it('answers an unknown contract and another client’s contract with the same 404, and writes nothing', async () => {
    const unknown = await setContractConfirmation('cli_x', 'ctr_nothing', 'confirmed', {}, ports).catch((e) => e);
    const foreign = await setContractConfirmation('cli_prc_acme_0', contractId, 'confirmed', {}, ports).catch((e) => e);

    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign.message).toBe(`no contract ${contractId} names client cli_prc_acme_0`);
    expect(ports.contracts.rows.get(`prc_acme#${contractId}`)?.confirmation).toBe('pending');
  });

  it('takes a concurrent request for the same state as done (condition lost, one change recorded)', async () => {
    ports.contracts.before('setConfirmation', async () => {
      await ports.contracts.setConfirmation(
        { processorId: 'prc_acme', id: contractId, clientId: 'cli_x' },
        { confirmation: 'confirmed', at: at(-1) },
      );
    });

    const result = await setContractConfirmation('cli_x', contractId, 'confirmed', {}, ports);

    expect(result.changed).toBe(false);
    expect(ports.contracts.rows.get(`prc_acme#${contractId}`)?.confirmationHistory).toEqual([
      { confirmation: 'confirmed', at: at(-1) },
    ]);
  });

  it('refuses with 409 once the history is full', async () => {
    const row = ports.contracts.rows.get(`prc_acme#${contractId}`);
    if (row === undefined) throw new Error('no contract');
    row.confirmation = 'disputed';
    row.confirmationHistory = Array.from({ length: MAX_CONFIRMATION_CHANGES }, () => ({
      confirmation: 'disputed' as const,
      at: T0,
    }));

    await expect(setContractConfirmation('cli_x', contractId, 'confirmed', {}, ports)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(ports.contracts.rows.get(`prc_acme#${contractId}`)?.confirmation).toBe('disputed');
  });
});

describe('listClientContracts', () => {
  it("lists every contract naming the client, any confirmation, with its processor's name", async () => {
    const processors = new InMemoryProcessorStore();
    processors.rows.set('prc_acme', { id: 'prc_acme', name: 'Acme Cloud SAS', createdAt: T0 });
    await createContract(
      { processorId: 'prc_rogue', clientId: 'cli_prc_acme_0', notifyEmails: ['x@rogue.example'] },
      ports,
    );

    const page = await listClientContracts('cli_prc_acme_0', { limit: 10 }, { ...ports, processors });

    expect(page.items.map((c) => [c.processorId, c.processorName, c.confirmation])).toEqual([
      ['prc_acme', 'Acme Cloud SAS', 'confirmed'],
      ['prc_rogue', null, 'pending'],
    ]);
    expect((await listClientContracts('cli_nobody', { limit: 10 }, { ...ports, processors })).items).toEqual([]);
  });
});
