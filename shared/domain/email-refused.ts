/**
 * The mail provider refused an e-mail for good (SES `MessageRejected` and the like): sending it again
 * cannot succeed, so the recipient is marked `failed` at once instead of being retried until the
 * dead-letter queue. Thrown by Mailer adapters; the message is the provider's reason.
 */
export class EmailRefusedError extends Error {
  override readonly name = 'EmailRefusedError';
}
