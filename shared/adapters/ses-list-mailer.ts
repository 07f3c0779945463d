import { MessageRejected, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { EmailRefusedError } from '../domain/email-refused.js';
import type { ListMailer, OutgoingListEmail } from '../domain/ports.js';

/**
 * Sends e-mails that need headers of their own (RFC 8058 List-Unsubscribe). The SES v1 `SendEmail`
 * cannot set them; the v2 `SendEmail` can (`Content.Simple.Headers`), and SES builds the MIME message
 * itself, so no MIME library is bundled. v2 rather than v1 `SendRawEmail` also because the local SES
 * emulator keeps v2 headers in its store (its SendRawEmail drops them), so the tests can read them.
 * SES has no idempotency token: callers guard each send with their own claim, as for SesMailer.
 */
export class SesListMailer implements ListMailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingListEmail): Promise<string> {
    const { MessageId } = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: email.to },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
              Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
            },
          },
          EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
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
