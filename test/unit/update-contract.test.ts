import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/domain/errors.js';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { updateContract } from '../../shared/domain/update-contract.js';
import { contractsOf, type InMemoryPorts, inMemoryPorts, twoVersions } from '../support/in-memory-ports.js';

let ports: InMemoryPorts;

beforeEach(async () => {
  ports = inMemoryPorts('2026-01-05T09:00:00.000Z');
  await contractsOf(ports, 'prc_acme', [15, 30]);
});

describe('updateContract', () => {
  it('changes the addresses (normalised as at creation), the period and the reference; keeps the rest', async () => {
    const updated = await updateContract(
      'prc_acme',
      'ctr_000',
      { notifyEmails: ['New@Client0.example', 'new@client0.example'], noticePeriodDays: 45, reference: 'DPA-7' },
      ports,
    );

    const stored = ports.contracts.rows.get('prc_acme#ctr_000');
    expect(stored).toEqual(updated);
    expect(stored).toMatchObject({
      clientId: 'cli_prc_acme_0',
      notifyEmails: ['new@client0.example'],
      noticePeriodDays: 45,
      reference: 'DPA-7',
    });
    expect(await ports.contracts.longestNoticePeriodDays('prc_acme')).toBe(45);
    expect(ports.contracts.rows.get('prc_acme#ctr_001')?.noticePeriodDays).toBe(30);
  });

  it("answers 404 for another processor's contract and changes nothing", async () => {
    await expect(updateContract('prc_other', 'ctr_000', { reference: 'x' }, ports)).rejects.toThrow(NotFoundError);
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.reference).toBeUndefined();
  });

  it('re-reads and applies the change when another PATCH of the period lands first', async () => {
    ports.contracts.before('update', () => {
      const row = ports.contracts.rows.get('prc_acme#ctr_000');
      if (row !== undefined) row.noticePeriodDays = 20;
    });

    await updateContract('prc_acme', 'ctr_000', { notifyEmails: ['b@client0.example'] }, ports);

    expect(ports.contracts.rows.get('prc_acme#ctr_000')).toMatchObject({
      noticePeriodDays: 20,
      notifyEmails: ['b@client0.example'],
    });
  });

  it('applies a new period to notices published later only: recipients already created keep theirs', async () => {
    const [, version] = await twoVersions(ports, 'prc_acme');
    const notice = await openNotice({ processorId: 'prc_acme', version: version.version }, ports);
    for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);

    await updateContract('prc_acme', 'ctr_000', { noticePeriodDays: 60 }, ports);

    expect(ports.recipients.row(notice?.id as string, 'ctr_000')?.noticePeriodDays).toBe(15);
    expect(ports.contracts.rows.get('prc_acme#ctr_000')?.noticePeriodDays).toBe(60);
  });
});
