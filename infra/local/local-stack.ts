import type { Server } from 'node:http';
import { systemClock } from '../../shared/adapters/clock.js';
import { hashApiKey } from '../../shared/domain/api-key.js';
import {
  type BaseEnvironment,
  ENV,
  type NotificationEnvironment,
  type WebhookEnvironment,
} from '../../shared/wiring/environment.js';
import { EVENT_BUS_NAME, QUEUES, SCHEDULES, WEBHOOK_QUEUE } from '../../shared/wiring/events.js';
import { ROUTE_LIST } from '../../shared/wiring/routes.js';
import { LocalAsyncRuntime } from './async-runtime.js';
import { startLocalAwsEndpoint } from './aws-endpoint.js';
import { createRegistryTable, freePort, startDynamoDbLocal, tableIsEmpty } from './dynamodb-local.js';
import { loadHandler } from './handler-loader.js';
import { createLocalHttpApi } from './http-adapter.js';
import { handleLocalControl } from './local-control.js';
import { localDataDir } from './local-state.js';
import { startSesEmulator } from './ses-emulator.js';
import { type SesFaults, startSesFaultProxy } from './ses-faults.js';
import { LocalStreamPoller } from './stream-poller.js';

export interface LocalStackOptions {
  /** API port; 0 picks a free one. */
  port: number;
  /** SES emulator port; 0 picks a free one. */
  sesPort?: number;
  adminApiKey: string;
  tableName?: string;
  /** Reuse a running DynamoDB (tests share one); otherwise DynamoDB Local is started. */
  dynamoDbEndpoint?: string;
  /** The sending rate the e-mail consumers pace themselves to (the emulator has no quota). */
  sesSendsPerSecond?: number;
  /**
   * Keep DynamoDB Local's data and the local clock in this directory across restarts (see
   * local-state.ts); without it both are in memory. Ignored for the table when `dynamoDbEndpoint` is given.
   */
  dataDir?: string;
}

export interface LocalStack {
  apiUrl: string;
  sesUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  /** Where data is kept across restarts; undefined when it lives in memory. */
  dataDir: string | undefined;
  /** True when this start created the table; false when it found it (kept data). */
  createdTable: boolean;
  /** True when the table holds no item: the demo seed runs only then. */
  tableIsEmpty(): Promise<boolean>;
  runtime: LocalAsyncRuntime;
  /** What SES refuses or whether it is down (also POST /_local/ses-faults): see ses-faults.ts. */
  sesFaults: SesFaults;
  /** Resolves once the stream is drained and no asynchronous work is in flight. */
  settled(): Promise<void>;
  /** Runs every schedule due on the local clock, and what they start, until nothing is due. */
  runDueWork(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/**
 * The registry on one machine: DynamoDB Local with the table from the shared definition; the SES
 * emulator; the HTTP API from the shared route table; and the asynchronous wiring (stream consumers,
 * bus rules, queues, schedules) from the shared tables, all running the very handler modules Lambda
 * runs. The environment is set before any handler loads: handlers read it once at cold start.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const data = options.dataDir === undefined ? undefined : localDataDir(options.dataDir);
  data?.restoreClock();
  const dynamo =
    options.dynamoDbEndpoint === undefined
      ? await startDynamoDbLocal(data === undefined ? {} : { dataPath: data.dynamoDbPath })
      : undefined;
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? (dynamo?.endpoint as string);
  const tableName = options.tableName ?? 'subprocessor-registry';
  const port = options.port === 0 ? await freePort() : options.port;
  const ses = await startSesEmulator(options.sesPort ?? 0);
  const sesProxy = await startSesFaultProxy(ses.url);

  const runtime = new LocalAsyncRuntime(() => systemClock.now());
  const awsEndpoint = await startLocalAwsEndpoint(runtime);
  const apiUrl = `http://127.0.0.1:${port}`;
  const baseEnvironment: BaseEnvironment = {
    [ENV.tableName]: tableName,
    [ENV.eventBusName]: EVENT_BUS_NAME,
    [ENV.adminApiKeySha256]: hashApiKey(options.adminApiKey),
  };
  const notificationEnvironment: NotificationEnvironment = {
    [ENV.publicBaseUrl]: apiUrl,
    [ENV.senderEmail]: 'notices@registry.localhost',
    [ENV.sesConfigurationSet]: undefined,
    [ENV.sesSendsPerSecond]: String(options.sesSendsPerSecond ?? 200),
    [QUEUES.noticeFanOut.urlVariable]: `${awsEndpoint.url}/000000000000/${QUEUES.noticeFanOut.name}`,
    [QUEUES.noticeEmails.urlVariable]: `${awsEndpoint.url}/000000000000/${QUEUES.noticeEmails.name}`,
    [ENV.schedulerGroup]: 'subprocessor-registry',
    [ENV.closeWindowsFunctionArn]: `arn:aws:lambda:local:000000000000:function:${SCHEDULES.closeDueWindows.name}`,
    [ENV.schedulerRoleArn]: 'arn:aws:iam::000000000000:role/local-scheduler',
    [ENV.schedulerDeadLetterArn]: 'arn:aws:sqs:local:000000000000:scheduler-dead-letters',
  };
  const webhookEnvironment: WebhookEnvironment = {
    [ENV.webhookQueueUrl]: `${awsEndpoint.url}/000000000000/${WEBHOOK_QUEUE.name}`,
    [ENV.webhookDeadLetterQueueUrl]: `${awsEndpoint.url}/000000000000/${WEBHOOK_QUEUE.deadLetterName}`,
    // Local only: the demo and the tests receive webhooks on http://127.0.0.1 (never set by CDK).
    [ENV.webhookAllowLoopbackHttp]: 'true',
  };
  // One process runs every function, so it gets every variable (AWS gives each function its part).
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: awsEndpoint.url,
    AWS_ENDPOINT_URL_SQS: awsEndpoint.url,
    AWS_ENDPOINT_URL_SCHEDULER: awsEndpoint.url,
    AWS_ENDPOINT_URL_SES: sesProxy.url,
    // The subscription e-mails use the v2 API (custom headers); the emulator serves both.
    AWS_ENDPOINT_URL_SESV2: sesProxy.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...baseEnvironment,
    ...Object.fromEntries(Object.entries(notificationEnvironment).filter(([, value]) => value !== undefined)),
    ...webhookEnvironment,
  });
  const createdTable = (await createRegistryTable(dynamoDbEndpoint, tableName)) === 'created';
  const poller = new LocalStreamPoller(dynamoDbEndpoint, tableName, runtime);
  await poller.start();

  const settled = async () => {
    // Quiet twice in a row: the stream had nothing new and no handler ran in between.
    let quietRounds = 0;
    while (quietRounds < 2) {
      const before = poller.delivered;
      await new Promise((resolve) => setTimeout(resolve, 120));
      await runtime.idle();
      quietRounds = poller.delivered === before && !poller.polling ? quietRounds + 1 : 0;
    }
  };
  // Schedules and delayed queue messages (webhook retries) both follow the local clock.
  const runDue = () =>
    runtime.scheduler.runDue() + [...runtime.queues.values()].reduce((n, q) => n + q.releaseDue(), 0);
  const runDueWork = async () => {
    await settled();
    while (runDue() > 0) await settled();
  };
  const ticker = setInterval(runDue, 1000);
  ticker.unref();

  const server = createLocalHttpApi(
    ROUTE_LIST,
    (route) => loadHandler(route.entry),
    (request, body) =>
      handleLocalControl(request, body, {
        runtime,
        sesUrl: ses.url,
        sesFaults: sesProxy.faults,
        runDueWork,
        clockMoved: () => data?.saveClock(),
      }),
  );
  await listen(server, port);
  return {
    apiUrl,
    sesUrl: ses.url,
    dynamoDbEndpoint,
    tableName,
    dataDir: data?.root,
    createdTable,
    tableIsEmpty: () => tableIsEmpty(dynamoDbEndpoint, tableName),
    runtime,
    sesFaults: sesProxy.faults,
    settled,
    runDueWork,
    stop: async () => {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await poller.stop();
      await runtime.idle();
      awsEndpoint.server.closeAllConnections();
      awsEndpoint.server.close();
      sesProxy.server.closeAllConnections();
      sesProxy.server.close();
      await ses.stop();
      await dynamo?.stop();
    },
  };
}
