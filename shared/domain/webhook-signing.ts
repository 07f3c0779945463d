import { Webhook } from 'standardwebhooks';

/** The headers of a delivery (Standard Webhooks specification, "Signature scheme"). */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a delivery with the maintained `standardwebhooks` library: `v1,` and the base64 HMAC-SHA256
 * of `id.timestamp.body` under the endpoint's secret. The timestamp is the attempt's (receivers
 * refuse one older than 5 minutes), the id the delivery's (the same on every retry).
 */
export function signDelivery(secret: string, messageId: string, at: Date, body: string): WebhookHeaders {
  const signature = new Webhook(secret).sign(messageId, at, body);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
