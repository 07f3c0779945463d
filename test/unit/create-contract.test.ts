import { beforeEach, describe, expect, it } from 'vitest';
import { createContract } from '../../shared/domain/create-contract.js';
import { ConflictError, ValidationError } from '../../shared/domain/errors.js';
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

  it('refuses a second contract with the same client (another writer won): 409, and one contract stored', async () => {
    const request = { processorId: 'prc_acme', clientId: 'cli_one', notifyEmails: ['dpo@client.example'] };
    await createContract(request, ports);

    await expect(createContract(request, ports)).rejects.toThrow(ConflictError);
    await expect(createContract(request, ports)).rejects.toThrow(
      'processor prc_acme already has a contract with client cli_one',
    );
    expect(ports.contracts.rows.size).toBe(1);
  });

  it('refuses an unknown client with a 400 naming clientId, and stores nothing', async () => {
    expect.assertions(3);
    try {
      await createContract({ processorId: 'prc_acme', clientId: 'cli_nobody', notifyEmails: ['a@b.example'] }, ports);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'clientId', rule: 'must-exist', message: 'clientId: no client cli_nobody' },
      ]);
    }
    expect(ports.contracts.rows.size).toBe(0);
  });
});
