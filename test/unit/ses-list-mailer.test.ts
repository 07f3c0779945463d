import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesListMailer } from '../../shared/adapters/ses-list-mailer.js';
import { EmailRefusedError } from '../../shared/domain/email-refused.js';
import '../support/sdk-matchers.js';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const email = {
  to: ['ana@example.com'],
  subject: 'Acme published version 2',
  text: 'text',
  html: '<p>html</p>',
  headers: {
    'List-Unsubscribe': '<https://registry.example/trust/prc_1/subscriptions/sub_x/unsubscribe>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  tags: { kind: 'subscription-update', processorId: 'prc_1' },
};

describe('SesListMailer', () => {
  it('sends through SES v2 with the headers, the tags and the configuration set, and returns the message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });

    await expect(
      new SesListMailer(new SESv2Client({}), 'notices@registry.example', 'events').send(email),
    ).resolves.toBe('msg-1');

    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'notices@registry.example',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Acme published version 2', Charset: 'UTF-8' },
          Body: { Text: { Data: 'text', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
          Headers: [
            {
              Name: 'List-Unsubscribe',
              Value: '<https://registry.example/trust/prc_1/subscriptions/sub_x/unsubscribe>',
            },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      EmailTags: [
        { Name: 'kind', Value: 'subscription-update' },
        { Name: 'processorId', Value: 'prc_1' },
      ],
      ConfigurationSetName: 'events',
    });
  });

  it('turns a refusal for good into EmailRefusedError and leaves other errors as they came', async () => {
    expect.assertions(2);
    const mailer = new SesListMailer(new SESv2Client({}), 'notices@registry.example');
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'refused', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));
    await expect(mailer.send(email)).rejects.toBeInstanceOf(EmailRefusedError);
    await expect(mailer.send(email)).rejects.toThrow('throttled');
  });
});
