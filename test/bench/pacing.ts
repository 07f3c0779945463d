/**
 * `npm run bench` part "pacing", run in a process of its own (the e-mail consumer reads its SES rate
 * once per cold start, as in Lambda): notify BENCH_PACED_CONTRACTS contracts with the e-mail queue
 * paced to BENCH_SES_RATE sends per second, then print the achieved send rate as a share of that rate
 * (goal ≥ 90 %) and the largest `closesAt − effectiveAt` over the contracts (goal ≤ 0: no window may
 * close after the change takes effect — SCC Clause 9(a), "prior to the engagement").
 */
import { randomBytes } from 'node:crypto';
import { startLocalStack } from '../../infra/local/local-stack.js';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { aVendorWithContracts, publishAdditionAndSettle } from './notices.js';

const CONTRACTS = Number(process.env.BENCH_PACED_CONTRACTS ?? 1000);
const RATE = Number(process.env.BENCH_SES_RATE ?? 50);

async function main() {
  const adminApiKey = `bench_${randomBytes(16).toString('hex')}`;
  const stack = await startLocalStack({ port: 0, adminApiKey, tableName: 'bench-paced', sesSendsPerSecond: RATE });
  const call = async (method: string, path: string, key: string, body?: unknown, headers = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return response.json();
  };
  const processor = await aVendorWithContracts(CONTRACTS, { stack, adminApiKey, call });
  const { noticeId, effectiveAt } = await publishAdditionAndSettle(processor, { stack, call });

  const sentAt: number[] = [];
  let latestClose = Number.NEGATIVE_INFINITY;
  let cursor: string | undefined;
  do {
    const page = await registryStores().recipients.page(noticeId, {
      limit: 1000,
      ...(cursor !== undefined && { cursor }),
    });
    for (const recipient of page.items) {
      if (recipient.sentAt !== undefined) sentAt.push(Date.parse(recipient.sentAt));
      if (recipient.closesAt !== undefined) latestClose = Math.max(latestClose, Date.parse(recipient.closesAt));
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  // The version's effective time as the API shows it once every e-mail went out (the projection), and
  // as the close pass records it once the last window closed.
  const effectiveOf = async () => {
    const versions = await call('GET', `/processors/${processor.id}/versions`, processor.apiKey);
    return (versions as { versions: Array<{ effectiveState: string; effectiveAt: string }> }).versions[0] as {
      effectiveState: string;
      effectiveAt: string;
    };
  };
  const projected = await effectiveOf();
  await call('POST', '/_local/clock', adminApiKey, { advanceDays: 31 });
  await stack.settled();
  const final = await effectiveOf();
  await stack.stop();
  if (sentAt.length !== CONTRACTS) throw new Error(`${sentAt.length} e-mails sent, expected ${CONTRACTS}`);
  if (final.effectiveState !== 'effective') throw new Error(`version not in effect: ${final.effectiveState}`);

  const spanSeconds = (Math.max(...sentAt) - Math.min(...sentAt)) / 1000;
  const achieved = (sentAt.length - 1) / spanSeconds;
  const seconds = (ms: number) => `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`;
  const lateMs = latestClose - Date.parse(final.effectiveAt);
  console.log(`Paced sending: ${CONTRACTS} contracts, SES pacing at ${RATE} e-mails/s`);
  console.log(
    `achieved ${achieved.toFixed(1)} e-mails/s = ${((100 * achieved) / RATE).toFixed(1)} % of the rate (goal ≥ 90 %), first to last send ${spanSeconds.toFixed(1)} s`,
  );
  console.log(
    `largest closesAt − requested effectiveAt (publication + longest period): ${seconds(latestClose - Date.parse(effectiveAt))} (what the windows would overrun without the wait)`,
  );
  console.log(
    `largest closesAt − projected effectiveAt (GET …/versions, scheduled): ${seconds(latestClose - Date.parse(projected.effectiveAt))}`,
  );
  console.log(
    `largest closesAt − effectiveAt recorded at the effect: ${seconds(lateMs)} (goal ≤ 0: ${lateMs <= 0 ? 'met' : 'a window closes after the change takes effect'})`,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
