import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalAsyncRuntime } from './async-runtime.js';

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

/**
 * A local endpoint that speaks the AWS wire protocols our functions use, so the same SDK calls
 * work unchanged with AWS_ENDPOINT_URL_EVENTBRIDGE pointing here:
 * - EventBridge PutEvents (awsJson1_1, `X-Amz-Target: AWSEvents.PutEvents`);
 * - SQS SendMessage / SendMessageBatch (awsJson1_0, `X-Amz-Target: AmazonSQS.*`), queue URLs
 *   `<endpoint>/000000000000/<queue name>` (the SDK sends to the queue URL's host);
 * - EventBridge Scheduler CreateSchedule / DeleteSchedule (restJson1, `/schedules/{name}`).
 */
export async function startLocalAwsEndpoint(runtime: LocalAsyncRuntime): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
      });
      response.end(JSON.stringify(body));
    };
    try {
      const target = request.headers['x-amz-target'];
      const body = await readJson(request);
      const queueOf = (url: unknown) => {
        const queue = runtime.queues.get(String(url).split('/').at(-1) ?? '');
        if (queue === undefined) throw new Error(`no local queue for ${String(url)}`);
        return queue;
      };
      const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
      if (target === 'AmazonSQS.SendMessage') {
        const [MessageId] = queueOf(body.QueueUrl).send([String(body.MessageBody)], Number(body.DelaySeconds ?? 0));
        reply(200, { MessageId, MD5OfMessageBody: md5(String(body.MessageBody)) });
        return;
      }
      if (target === 'AmazonSQS.SendMessageBatch') {
        const entries = (body.Entries as Array<{ Id: string; MessageBody: string }>) ?? [];
        const ids = queueOf(body.QueueUrl).send(entries.map((e) => e.MessageBody));
        reply(200, {
          Successful: entries.map((e, i) => ({ Id: e.Id, MessageId: ids[i], MD5OfMessageBody: md5(e.MessageBody) })),
          Failed: [],
        });
        return;
      }
      const schedule = /^\/schedules\/([^/?]+)/.exec(request.url ?? '');
      if (schedule?.[1] !== undefined && request.method === 'POST') {
        const name = decodeURIComponent(schedule[1]);
        const targetSpec = body.Target as { Arn: string; Input?: string };
        if (
          !runtime.scheduler.create(name, String(body.ScheduleExpression), targetSpec.Arn, targetSpec.Input ?? '{}')
        ) {
          reply(409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
          return;
        }
        reply(200, { ScheduleArn: `arn:aws:scheduler:local:000000000000:schedule/default/${name}` });
        return;
      }
      if (schedule?.[1] !== undefined && request.method === 'DELETE') {
        if (!runtime.scheduler.delete(decodeURIComponent(schedule[1]))) {
          reply(404, { Message: 'Schedule not found.' }, 'ResourceNotFoundException');
          return;
        }
        reply(200, {});
        return;
      }
      if (target === 'AWSEvents.PutEvents') {
        const ids = runtime.putEvents((body.Entries as never[]) ?? []);
        reply(200, { FailedEntryCount: 0, Entries: ids.map((EventId) => ({ EventId })) });
        return;
      }
      reply(
        400,
        {
          __type: 'UnknownOperationException',
          message: `local AWS endpoint: ${target ?? request.url} is not emulated`,
        },
        'UnknownOperationException',
      );
    } catch (error) {
      reply(500, { __type: 'InternalFailure', message: String(error) }, 'InternalFailure');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
