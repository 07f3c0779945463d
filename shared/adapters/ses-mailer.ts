import { MessageRejected, type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { EmailRefusedError } from '../domain/email-refused.js';
import type { Mailer, OutgoingEmail } from '../domain/ports.js';

/** SES has no idempotency token: callers guard each send with their own conditional claim. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const { MessageId } = await this.client
      .send(
        new SendEmailCommand({
          Source: this.from,
          Destination: { ToAddresses: email.to },
          Message: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          },
          Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
          ...(this.configurationSet !== undefined && { ConfigurationSetName: this.configurationSet }),
        }),
      )
      .catch((error: unknown) => {
        // MessageRejected: SES refused this message for good (e.g. a virus, an address it will not
        // send to); the same request can never succeed. Throttling, outages and a paused account are
        // not the message's fault: they stay errors the queue retries and the alarms report.
        if (error instanceof MessageRejected) throw new EmailRefusedError(error.message, { cause: error });
        throw error;
      });
    if (MessageId === undefined) throw new Error('SES returned no MessageId');
    return MessageId;
  }
}
