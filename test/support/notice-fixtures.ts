import { expect } from 'vitest';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { anEntry, aUsEntry } from './builders.js';
import type { TestApi } from './test-api.js';

export interface SesEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
  at: number;
}

export interface Vendor {
  processor: { id: string; apiKey: string };
  clients: Array<{ id: string; apiKey: string; contractId: string; email: string }>;
}

let counter = 0;

/** A processor with a baseline list and `clients` contracts, each with its own address. */
export async function aVendorWithClients(api: TestApi, clients = 2, noticePeriodDays = 15): Promise<Vendor> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const processor = (await api.call('POST', '/processors', { key: api.adminKey, body: { name: `Vendor ${tag}` } }))
    .body;
  const created: Vendor['clients'] = [];
  for (let i = 0; i < clients; i++) {
    const client = (await api.call('POST', '/clients', { key: api.adminKey, body: { name: `Client ${tag}-${i}` } }))
      .body;
    const email = `dpo-${tag}-${i}@client.example`;
    const contract = await api.call('POST', `/processors/${processor.id}/contracts`, {
      key: processor.apiKey,
      body: { clientId: client.id, notifyEmails: [email], noticePeriodDays },
    });
    expect(contract.status).toBe(201);
    // The client's own views show only the contracts it confirmed (issue 11).
    const confirmed = await api.call('POST', `/clients/${client.id}/contracts/${contract.body.id}/confirm`, {
      key: client.apiKey,
    });
    expect(confirmed.status).toBe(200);
    created.push({ ...client, contractId: contract.body.id, email });
  }
  const baseline = await api.call('PUT', `/processors/${processor.id}/subprocessors`, {
    key: processor.apiKey,
    body: { subprocessors: [anEntry()] },
  });
  expect(baseline.status).toBe(200);
  return { processor, clients: created };
}

/** Publishes version 2 (an addition: needs an objection window) and waits for the e-mails. */
export async function publishAddition(api: TestApi, vendor: Vendor, extra: SubprocessorEntry = aUsEntry()) {
  const put = await api.call('PUT', `/processors/${vendor.processor.id}/subprocessors`, {
    key: vendor.processor.apiKey,
    headers: { 'if-match': '"1"' },
    body: { subprocessors: [anEntry(), extra] },
  });
  expect(put.status).toBe(200);
  await api.stack.settled();
  return put.body;
}

export async function inbox(api: TestApi): Promise<SesEmail[]> {
  const response = await fetch(`${api.stack.sesUrl}/store`);
  return ((await response.json()) as { emails: SesEmail[] }).emails;
}

export async function emailsTo(api: TestApi, address: string): Promise<SesEmail[]> {
  return (await inbox(api)).filter((email) => email.destination.to.includes(address));
}

export function objectionLink(email: SesEmail): string {
  const match = /\/objections\/([A-Za-z0-9_-]{43})/.exec(email.body.text);
  if (match?.[0] === undefined) throw new Error(`no objection link in: ${email.body.text}`);
  return match[0];
}
