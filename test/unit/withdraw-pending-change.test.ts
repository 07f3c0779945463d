import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../shared/domain/errors.js';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { type WithdrawDependencies, withdrawPendingChange } from '../../shared/domain/withdraw-pending-change.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aListVersion, type InMemoryPorts, inMemoryPorts, twoVersions } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: InMemoryPorts;
let deps: WithdrawDependencies;
let first: ListVersion;
let second: ListVersion;

/** The processor as the table answers it: its current version is the list store's. */
function withProcessors(p: InMemoryPorts): WithdrawDependencies {
  return {
    ...p,
    processors: {
      async getWithVersion(id, version) {
        const current = p.listVersions.current.get(id);
        const processor =
          id === 'prc_acme'
            ? {
                id,
                name: 'Acme Cloud SAS',
                createdAt: T0,
                ...(current !== undefined && { currentVersion: current }),
              }
            : undefined;
        return { processor, version: version === undefined ? undefined : await p.listVersions.get(id, version) };
      },
    },
  };
}

beforeEach(async () => {
  ports = inMemoryPorts(T0);
  deps = withProcessors(ports);
  [first, second] = await twoVersions(ports, 'prc_acme');
  ports.clock.set(at(DAY_MS));
});

describe('withdrawPendingChange', () => {
  it('stores version n+1 with the list in force before n, marked withdraws: n, effective at once, no window', async () => {
    const stored = await withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps);

    const read = await ports.listVersions.get('prc_acme', 3);
    expect(read).toEqual(stored);
    expect(read).toMatchObject({
      version: 3,
      withdraws: 2,
      baseline: false,
      needsObjectionWindow: false,
      subprocessors: first.subprocessors,
      contentSha256: first.contentSha256,
      publishedAt: at(DAY_MS),
      effectiveAt: at(DAY_MS),
    });
    // The diff runs from the withdrawn list back to the one in force: the addition goes away.
    expect(read?.changes.added).toEqual([]);
    expect(read?.changes.removed.map((r) => r.name)).toEqual([aUsEntry().name]);
    expect(ports.listVersions.current.get('prc_acme')).toBe(3);
  });

  it('needs If-Match: 428 without it, 412 when stale, and stores nothing', async () => {
    expect.assertions(3);
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2 }, deps)).rejects.toThrow(
      PreconditionRequiredError,
    );
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 1 }, deps)).rejects.toThrow(
      PreconditionFailedError,
    );
    expect(ports.listVersions.current.get('prc_acme')).toBe(2);
  });

  it('loses to a publish that commits between its read and its write: 412, nothing stored', async () => {
    expect.assertions(3);
    ports.listVersions.before('publish', () =>
      ports.listVersions.publish(aListVersion('prc_acme', [anEntry()], second, at(DAY_MS)), 2),
    );
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps)).rejects.toThrow(
      PreconditionFailedError,
    );
    expect(ports.listVersions.current.get('prc_acme')).toBe(3);
    expect((await ports.listVersions.get('prc_acme', 3))?.withdraws).toBeUndefined();
  });

  it('refuses a change that took effect: 409 naming why, and stores nothing', async () => {
    expect.assertions(3);
    const tookEffectAt = at(31 * DAY_MS);
    await ports.effects.takeEffect(
      { processorId: 'prc_acme', version: 2, requestedEffectiveAt: second.effectiveAt },
      tookEffectAt,
      tookEffectAt,
    );
    ports.clock.set(at(32 * DAY_MS));
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps)).rejects.toThrow(
      new ConflictError(
        `version 2 took effect at ${tookEffectAt}: a change in force cannot be withdrawn; publish a new list instead`,
      ),
    );
    expect(ports.listVersions.current.get('prc_acme')).toBe(2);
    expect(ports.effects.rows.get('prc_acme#2')?.state).toBe('effective');
  });

  it('still withdraws a change past its requested time whose windows have not all closed', async () => {
    ports.clock.set(at(31 * DAY_MS));
    await ports.effects.extendProjection(
      { processorId: 'prc_acme', version: 2, requestedEffectiveAt: second.effectiveAt },
      at(33 * DAY_MS),
    );

    const stored = await withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps);

    expect(stored.withdraws).toBe(2);
    expect(ports.effects.rows.get('prc_acme#2')).toMatchObject({ state: 'withdrawn', effectiveAt: at(33 * DAY_MS) });
  });

  it('loses to the close pass that makes the change take effect between its read and its write: 409', async () => {
    ports.listVersions.before('publish', () =>
      ports.effects.takeEffect(
        { processorId: 'prc_acme', version: 2, requestedEffectiveAt: second.effectiveAt },
        at(DAY_MS),
        at(DAY_MS),
      ),
    );

    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps)).rejects.toThrow(
      ConflictError,
    );
    expect(ports.listVersions.current.get('prc_acme')).toBe(2);
    expect(ports.effects.rows.get('prc_acme#2')?.state).toBe('effective');
  });

  it('refuses a version that is not the latest, the baseline, and a withdrawal: 409 each', async () => {
    expect.assertions(4);
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 1, ifMatch: 2 }, deps)).rejects.toThrow(
      /version 1 is not the latest \(version 2 is\)/,
    );
    await withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 2 }, deps);
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 3, ifMatch: 3 }, deps)).rejects.toThrow(
      /version 3 is itself the withdrawal of version 2/,
    );
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 2, ifMatch: 3 }, deps)).rejects.toThrow(
      ConflictError,
    );
    expect(ports.listVersions.current.get('prc_acme')).toBe(3);
  });

  it('refuses the baseline: 409', async () => {
    expect.assertions(1);
    const fresh = inMemoryPorts(T0);
    await fresh.listVersions.publish(aListVersion('prc_acme', [anEntry()], undefined, T0), undefined);
    await expect(
      withdrawPendingChange({ processorId: 'prc_acme', version: 1, ifMatch: 1 }, withProcessors(fresh)),
    ).rejects.toThrow(/version 1 is the baseline/);
  });

  it('answers 404 for an unknown version or processor', async () => {
    expect.assertions(2);
    await expect(withdrawPendingChange({ processorId: 'prc_acme', version: 7, ifMatch: 2 }, deps)).rejects.toThrow(
      NotFoundError,
    );
    await expect(withdrawPendingChange({ processorId: 'prc_other', version: 2, ifMatch: 2 }, deps)).rejects.toThrow(
      NotFoundError,
    );
  });
});
