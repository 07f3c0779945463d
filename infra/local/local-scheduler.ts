import { SCHEDULES } from '../../shared/wiring/events.js';

interface OneTimeSchedule {
  at: Date;
  targetName: string;
  input: unknown;
}

/**
 * In-process stand-in for EventBridge Scheduler: one-time `at(...)` schedules created through the
 * same CreateSchedule call as in AWS, and the periodic sweep of the shared SCHEDULES table, both
 * judged against the (movable) local clock.
 */
export class LocalScheduler {
  private readonly oneTime = new Map<string, OneTimeSchedule>();
  /** Per sweep: one sweep running must not make the others wait another period. */
  private readonly lastSweepAt = new Map<string, number>();

  constructor(
    private readonly now: () => Date,
    private readonly invoke: (targetName: string, input: unknown) => void,
  ) {
    for (const sweep of Object.values(SCHEDULES)) this.lastSweepAt.set(sweep.name, now().getTime());
  }

  /** False if a schedule of that name exists (the SDK then sees ConflictException). */
  create(name: string, expression: string, targetArn: string, input: string): boolean {
    if (this.oneTime.has(name)) return false;
    const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
    if (match?.[1] === undefined)
      throw new Error(`local scheduler: only at(yyyy-mm-ddThh:mm:ss) is emulated, got ${expression}`);
    const targetName = targetArn.split(':').at(-1) ?? '';
    const target = Object.values(SCHEDULES).find((schedule) => schedule.name === targetName);
    if (target === undefined) throw new Error(`local scheduler: no function ${targetName} in SCHEDULES`);
    // Checked when armed, as the handler will check it: a payload that drifted fails here, loudly.
    this.oneTime.set(name, {
      at: new Date(`${match[1]}Z`),
      targetName,
      input: target.triggerSchema.parse(JSON.parse(input)),
    });
    return true;
  }

  delete(name: string): boolean {
    return this.oneTime.delete(name);
  }

  get scheduled(): number {
    return this.oneTime.size;
  }

  /** Runs what is due: one-time schedules (then deleted, as ActionAfterCompletion DELETE) and the sweep. */
  runDue(): number {
    const now = this.now();
    let started = 0;
    for (const [name, schedule] of [...this.oneTime]) {
      if (schedule.at <= now) {
        this.oneTime.delete(name);
        this.invoke(schedule.targetName, schedule.input);
        started += 1;
      }
    }
    for (const sweep of Object.values(SCHEDULES)) {
      if (now.getTime() - (this.lastSweepAt.get(sweep.name) ?? 0) >= sweep.sweepEveryMs) {
        this.lastSweepAt.set(sweep.name, now.getTime());
        this.invoke(sweep.name, sweep.sweepInput());
        started += 1;
      }
    }
    return started;
  }
}
