import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** SES message tags: come back in delivery events, so an event finds its notice. */
  tags: Record<string, string>;
}

export interface Mailer {
  /** Sends one e-mail; returns the provider's message id (kept as evidence). */
  send(email: OutgoingEmail): Promise<string>;
}

/** SES has no idempotency token: callers guard each send with their own conditional claim. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const { MessageId } = await this.client.send(
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
    );
    if (MessageId === undefined) throw new Error('SES returned no MessageId');
    return MessageId;
  }
}
