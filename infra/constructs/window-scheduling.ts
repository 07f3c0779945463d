import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SCHEDULES } from '../../shared/wiring/events.js';
import type { RegistryAlarms } from './alarms.js';
import { ResourceGroup } from './resource-group.js';

const CLOSE = SCHEDULES.closeDueWindows;
const REMIND = SCHEDULES.sendDueReminders;

/**
 * Window closing: a scheduler group for the one-time schedules the functions create per notice at run
 * time, the role those schedules run as, their dead-letter queue, and the hourly sweep. Both kinds of
 * trigger carry the payload declared in shared/wiring/close-windows-trigger.ts.
 */
export class WindowScheduling extends ResourceGroup {
  readonly group: ScheduleGroup;
  readonly deadLetters: Queue;
  readonly role: Role;
  /**
   * Fixed name: the function's own environment needs its ARN (it re-arms schedules), and a token there
   * would reference the function from itself.
   */
  readonly closeFunctionName: string;
  readonly closeFunctionArn: string;

  constructor(scope: Construct, id: string, props: { alarms: RegistryAlarms }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new ScheduleGroup(this, 'WindowSchedules', {
      scheduleGroupName: `${stack.stackName}-windows`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetters = props.alarms.deadLetterQueue('SchedulerDeadLetters', 'A window-closing schedule could not run');
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Runs the window-closing schedules',
    });
    this.deadLetters.grantSendMessages(this.role);
    this.closeFunctionName = `${stack.stackName}-${CLOSE.name}`.slice(0, 64);
    this.closeFunctionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.closeFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** Lets a function create one-time schedules in the group, run as the scheduler role. */
  grantArming(fn: IFunction & IGrantable): void {
    this.group.grantWriteSchedules(fn);
    this.role.grantPassRole(fn.grantPrincipal);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.scheduleGroupName}/*]`,
      reason: 'One-time schedules are named per notice at run time; the grant is limited to their own group',
    });
  }

  /** The periodic sweep, a safety net for the one-time schedules, run on the close function. */
  addSweep(closeFunction: IFunction): void {
    new Schedule(this, 'CloseSweep', {
      description: 'Safety net: closes every window that is due, hourly',
      schedule: ScheduleExpression.expression(CLOSE.sweepExpression),
      scheduleGroup: this.group,
      target: new LambdaInvoke(closeFunction, {
        role: this.role,
        deadLetterQueue: this.deadLetters,
        retryAttempts: 20,
        maxEventAge: Duration.hours(1),
        input: ScheduleTargetInput.fromObject(CLOSE.sweepInput()),
      }),
    });
    const closeFunctionLogicalId = Stack.of(this).getLogicalId(closeFunction.node.defaultChild as CfnElement);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${closeFunctionLogicalId}.Arn>:*]`,
      reason: 'Invoking the close function includes its versions and aliases; it is the only function granted',
    });
  }

  /**
   * The hourly reminder pass (issue 10, item 5), run as the same scheduler role with the same retry
   * policy and dead-letter queue as the close sweep: a pass that could not run is kept, not dropped.
   */
  addReminderSweep(reminderFunction: IFunction): void {
    new Schedule(this, 'ReminderSweep', {
      description: 'Sends each reminder that is due (the processor lead time before a window closes), hourly',
      schedule: ScheduleExpression.expression(REMIND.sweepExpression),
      scheduleGroup: this.group,
      target: new LambdaInvoke(reminderFunction, {
        role: this.role,
        deadLetterQueue: this.deadLetters,
        retryAttempts: 20,
        maxEventAge: Duration.hours(1),
        input: ScheduleTargetInput.fromObject(REMIND.sweepInput()),
      }),
    });
    const reminderFunctionLogicalId = Stack.of(this).getLogicalId(reminderFunction.node.defaultChild as CfnElement);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${reminderFunctionLogicalId}.Arn>:*]`,
      reason:
        'Invoking the reminder function includes its versions and aliases; only the two scheduled functions are granted',
    });
  }
}
