import { MessageRejected, type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { EmailRefusedError } from '../domain/email-refused.js';
import type { ListMailer, OutgoingListEmail } from '../domain/ports.js';

/**
 * Sends e-mails that need headers of their own (RFC 8058 List-Unsubscribe): SES `SendEmail` cannot set
 * custom headers, `SendRawEmail` sends a MIME message as built, here by nodemailer's MailComposer
 * (encoding, folding and the text/html alternative done by a maintained library, not by hand).
 * SES has no idempotency token: callers guard each send with their own claim, as for SesMailer.
 */
export class SesListMailer implements ListMailer {
  constructor(
    private readonly client: SESClient,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingListEmail): Promise<string> {
    const message = await new MailComposer({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: email.headers,
    })
      .compile()
      .build();
    const { MessageId } = await this.client
      .send(
        new SendRawEmailCommand({
          Source: this.from,
          Destinations: email.to,
          RawMessage: { Data: message },
          Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
          ...(this.configurationSet !== undefined && { ConfigurationSetName: this.configurationSet }),
        }),
      )
      .catch((error: unknown) => {
        // As SesMailer: a message SES refuses for good is not retried; anything else is.
        if (error instanceof MessageRejected) throw new EmailRefusedError(error.message, { cause: error });
        throw error;
      });
    if (MessageId === undefined) throw new Error('SES returned no MessageId');
    return MessageId;
  }
}
