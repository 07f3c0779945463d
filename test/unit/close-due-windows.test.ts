import { beforeEach, describe, expect, it } from 'vitest';
import { closeDueWindows } from '../../shared/domain/close-due-windows.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { aNoticeSent, type InMemoryPorts, inMemoryPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: InMemoryPorts;
let early: string;
let late: string;
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  // Two processors' notices on the same ports: one closes after 15 days, the other after 30.
  early = (await aNoticeSent(ports, [15], { processorId: 'prc_early' })).notice.id;
  late = (await aNoticeSent(ports, [30], { processorId: 'prc_late' })).notice.id;
});

describe('closeDueWindows', () => {
  it('closes the notice its one-time schedule names, and no other', async () => {
    ports.clock.set(at(30 * DAY_MS));

    expect(await closeDueWindows({ noticeId: late }, ports)).toEqual([{ noticeId: late, result: 'closed' }]);

    expect(ports.notices.rows.get(late)?.state).toBe('closed');
    expect(ports.notices.rows.get(early)?.state).toBe('open');
    expect(ports.events.published.map((e) => e.detailType)).toEqual([
      'ObjectionWindowClosed',
      'SubprocessorChangeEffective',
    ]);
  });

  it('sweeps every notice whose close check is due, leaving the others', async () => {
    ports.clock.set(at(15 * DAY_MS));

    expect(await closeDueWindows({}, ports)).toEqual([{ noticeId: early, result: 'closed' }]);

    expect(ports.notices.rows.get(early)?.state).toBe('closed');
    expect(ports.notices.rows.get(late)?.state).toBe('open');
    expect(ports.recipients.outcomes.size).toBe(1);
  });

  it('runs twice as once (the schedule and the sweep both fire): one close event per notice', async () => {
    ports.clock.set(at(30 * DAY_MS));

    await closeDueWindows({}, ports);
    await closeDueWindows({ noticeId: early }, ports);
    expect(await closeDueWindows({}, ports)).toEqual([]);

    expect(ports.events.ofType('ObjectionWindowClosed').map((e) => (e as { noticeId: string }).noticeId)).toEqual([
      early,
      late,
    ]);
    expect(ports.recipients.outcomes.size).toBe(2);
  });

  it('does not let one failing notice stop the sweep of the others, and still fails so the trigger retries', async () => {
    ports.clock.set(at(30 * DAY_MS));
    ports.notices.before('get', () => {
      throw new Error('throttled');
    });

    await expect(closeDueWindows({}, ports)).rejects.toThrow('throttled');

    expect(ports.notices.rows.get(early)?.state).toBe('open');
    expect(ports.notices.rows.get(late)?.state).toBe('closed');
    expect(await closeDueWindows({}, ports)).toEqual([{ noticeId: early, result: 'closed' }]);
    // Each notice's two events once: the failed pass published nothing for its notice.
    expect(ports.events.ofType('ObjectionWindowClosed')).toHaveLength(2);
    expect(ports.events.ofType('SubprocessorChangeEffective')).toHaveLength(2);
  });
});
