import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { WindowScheduler } from '../domain/ports.js';
import { closeNoticeTrigger } from '../wiring/close-windows-trigger.js';

/**
 * One-time EventBridge Scheduler schedules: `at(...)` in UTC, flexible window off, retries and a
 * dead-letter queue, deleted after completion. Named after notice and time, so arming the same
 * close twice is a ConflictException, which is success.
 */
export class EventBridgeWindowScheduler implements WindowScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: { group: string; targetArn: string; roleArn: string; deadLetterArn: string },
  ) {}

  async scheduleClose(noticeId: string, at: Date): Promise<void> {
    const when = at.toISOString().slice(0, 19);
    const name = `close-${noticeId}-${when.replace(/[^0-9]/g, '')}`.slice(0, 64);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.settings.group,
          ScheduleExpression: `at(${when})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
          ActionAfterCompletion: ActionAfterCompletion.DELETE,
          Target: {
            Arn: this.settings.targetArn,
            RoleArn: this.settings.roleArn,
            Input: JSON.stringify(closeNoticeTrigger(noticeId)),
            RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86_400 },
            DeadLetterConfig: { Arn: this.settings.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }
}
