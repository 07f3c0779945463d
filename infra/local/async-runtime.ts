import { randomUUID } from 'node:crypto';
import { matchesPattern } from '../../shared/wiring/event-pattern.js';
import { EVENT_RULES, type FunctionTarget, SCHEDULES } from '../../shared/wiring/events.js';
import { lambdaContext, loadHandler } from './handler-loader.js';
import { createLocalQueues, type LocalQueue } from './local-queues.js';
import { LocalScheduler } from './local-scheduler.js';

export interface BusEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
}

/** Lambda's asynchronous invocation retries a failed event twice (AWS Lambda developer guide). */
const ASYNC_ATTEMPTS = 3;

/**
 * In-process stand-in for EventBridge and Lambda's asynchronous invocation: events are matched
 * against the shared EVENT_RULES and delivered to the same handler modules; failures are retried as
 * Lambda does, then kept as dead letters. `idle()` resolves when no work is in flight, so the local
 * clock and tests can wait for an outcome instead of sleeping.
 */
export class LocalAsyncRuntime {
  readonly deadLetters: Array<{ target: string; event: unknown; error: string }> = [];
  /** Every event put on the local bus, in order: for tests and for looking around locally. */
  readonly busEvents: Array<{ source: string; 'detail-type': string; detail: Record<string, unknown> }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly queues: Map<string, LocalQueue>;
  readonly scheduler: LocalScheduler;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.queues = createLocalQueues((work) => this.track(work), now);
    const scheduleTargets = new Map<string, FunctionTarget>(Object.values(SCHEDULES).map((s) => [s.name, s]));
    this.scheduler = new LocalScheduler(now, (targetName, input) => {
      const target = scheduleTargets.get(targetName);
      if (target === undefined) throw new Error(`local scheduler: no function ${targetName} in SCHEDULES`);
      this.invokeAsync(target, input);
    });
  }

  /** Runs a handler the way an asynchronous trigger does: retried, never blocking the caller. */
  invokeAsync(target: FunctionTarget, event: unknown): void {
    const run = (async () => {
      for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
        try {
          const handler = await loadHandler(target.entry);
          await handler(event, lambdaContext(target.name));
          return;
        } catch (error) {
          if (attempt === ASYNC_ATTEMPTS) {
            this.deadLetters.push({ target: target.name, event, error: String(error) });
            console.error(`local: ${target.name} failed ${ASYNC_ATTEMPTS} times, event kept as a dead letter:`, error);
          } else {
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          }
        }
      }
    })();
    this.track(run);
  }

  track(work: Promise<void>): void {
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work));
  }

  /** EventBridge PutEvents: wraps each entry in the EventBridge envelope and routes it by rule. */
  putEvents(entries: readonly BusEntry[]): string[] {
    return entries.map((entry) => {
      const id = randomUUID();
      const event = {
        version: '0',
        id,
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: '000000000000',
        time: this.now().toISOString(),
        region: 'eu-west-3',
        resources: [],
        detail: JSON.parse(entry.Detail ?? '{}'),
      };
      this.busEvents.push(event as never);
      const bus = entry.EventBusName === undefined || entry.EventBusName === 'default' ? 'default' : 'registry';
      for (const rule of Object.values(EVENT_RULES)) {
        if (rule.bus === bus && matchesPattern(rule.pattern, event)) {
          this.invokeAsync(rule, event);
        }
      }
      return id;
    });
  }

  /** Resolves once nothing is in flight (new work started meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }
}
