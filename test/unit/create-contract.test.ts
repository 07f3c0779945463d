import { beforeEach, describe, expect, it } from 'vitest';
import { createContract } from '../../shared/domain/create-contract.js';
import { endContract } from '../../shared/domain/end-contract.js';
import { ConflictError } from '../../shared/domain/errors.js';
import { DEFAULT_NOTICE_PERIOD_DAYS } from '../../shared/legal/reference.js';
import { type VendorPorts, vendorPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';

let ports: VendorPorts;
beforeEach(() => {
  ports = vendorPorts(T0);
  ports.contracts.clientIds.add('cli_one');
});

describe('createContract', () => {
  it('stores each address once, in lower case, with the default notice period and the time of signing', async () => {
    const contract = await createContract(
      {
        processorId: 'prc_acme',
        clientId: 'cli_one',
        notifyEmails: ['DPO@Client.example', 'dpo@client.example', 'legal@client.example'],
      },
      ports,
    );

    expect(contract.id).toMatch(/^ctr_[A-Za-z0-9_-]{16}$/);
    expect([...ports.contracts.rows.values()]).toEqual([
      {
        id: contract.id,
        processorId: 'prc_acme',
        clientId: 'cli_one',
        notifyEmails: ['dpo@client.example', 'legal@client.example'],
        noticePeriodDays: DEFAULT_NOTICE_PERIOD_DAYS,
        language: 'en',
        createdAt: T0,
        confirmation: 'pending',
      },
    ]);
  });

  it('keeps an agreed period and the contract reference', async () => {
    const contract = await createContract(
      {
        processorId: 'prc_acme',
        clientId: 'cli_one',
        notifyEmails: ['dpo@client.example'],
        noticePeriodDays: 30,
        reference: 'DPA-2026-7',
      },
      ports,
    );

    expect(ports.contracts.rows.get(`prc_acme#${contract.id}`)).toMatchObject({
      noticePeriodDays: 30,
      reference: 'DPA-2026-7',
    });
  });

  it("takes the processor's default language when none is asked, and the one asked otherwise", async () => {
    ports.processors.add({ id: 'prc_acme', name: 'Acme', createdAt: T0, defaultLanguage: 'fr' });
    ports.contracts.clientIds.add('cli_two');
    const byDefault = await createContract(
      { processorId: 'prc_acme', clientId: 'cli_one', notifyEmails: ['dpo@client.example'] },
      ports,
    );
    const asked = await createContract(
      { processorId: 'prc_acme', clientId: 'cli_two', notifyEmails: ['dpo@two.example'], language: 'en' },
      ports,
    );

    expect(ports.contracts.rows.get(`prc_acme#${byDefault.id}`)?.language).toBe('fr');
    expect(ports.contracts.rows.get(`prc_acme#${asked.id}`)?.language).toBe('en');
  });

  it('refuses a second active contract with the same client (another writer won): 409, and one contract stored', async () => {
    const request = { processorId: 'prc_acme', clientId: 'cli_one', notifyEmails: ['dpo@client.example'] };
    const first = await createContract(request, ports);

    await expect(createContract(request, ports)).rejects.toThrow(ConflictError);
    await expect(createContract(request, ports)).rejects.toThrow(
      `processor prc_acme already has an active contract with client cli_one (${first.id}): end it first`,
    );
    expect(ports.contracts.rows.size).toBe(1);
  });

  it('starts a new contract with the same client once the old one ended (issue 11)', async () => {
    const request = { processorId: 'prc_acme', clientId: 'cli_one', notifyEmails: ['dpo@client.example'] };
    const first = await createContract(request, ports);
    ports.clock.advance(60_000);
    await endContract('prc_acme', first.id, {}, ports);

    const second = await createContract(request, ports);

    expect(second.id).not.toBe(first.id);
    expect([...ports.contracts.rows.values()].map((c) => [c.id, c.endedAt ?? null])).toEqual([
      [first.id, '2026-01-05T09:01:00.000Z'],
      [second.id, null],
    ]);
  });

  it('answers an unknown client id as it answers a known one: 201, the contract pending (ids cannot be probed)', async () => {
    const unknown = await createContract(
      { processorId: 'prc_acme', clientId: 'cli_nobody', notifyEmails: ['a@b.example'] },
      ports,
    );
    const known = await createContract(
      { processorId: 'prc_acme', clientId: 'cli_one', notifyEmails: ['a@b.example'] },
      ports,
    );

    expect(ports.contracts.rows.get(`prc_acme#${unknown.id}`)?.confirmation).toBe('pending');
    expect(ports.contracts.rows.get(`prc_acme#${known.id}`)?.confirmation).toBe('pending');
    expect(ports.contracts.rows.size).toBe(2);
  });
});
