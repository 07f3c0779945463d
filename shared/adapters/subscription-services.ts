import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SubscriptionLinks } from '../domain/subscription-requests.js';
import { notificationConfig } from '../notification-config.js';
import { subscriptionEmailRenderer } from '../views/subscription-emails.js';
import { SesListMailer } from './ses-list-mailer.js';

/** The links of the subscription e-mails, on the public base URL (the API's own, or its CDN's). */
export function subscriptionLinks(publicBaseUrl: string): SubscriptionLinks {
  const trust = (processorId: string) => `${publicBaseUrl}/trust/${encodeURIComponent(processorId)}`;
  return {
    trustPage: (processorId, language) => `${trust(processorId)}?lang=${language}`,
    confirm: (processorId, token) => `${trust(processorId)}/subscriptions/${encodeURIComponent(token)}`,
    unsubscribe: (processorId, token) => `${trust(processorId)}/subscriptions/${encodeURIComponent(token)}/unsubscribe`,
  };
}

/** Outbound adapters of the subscription functions, built once per cold start. */
function build() {
  const settings = notificationConfig();
  return {
    settings,
    mailer: new SesListMailer(new SESv2Client({}), settings.senderEmail, settings.sesConfigurationSet),
    renderer: subscriptionEmailRenderer,
    links: subscriptionLinks(settings.publicBaseUrl),
  };
}

let services: ReturnType<typeof build> | undefined;

export function subscriptionServices(): ReturnType<typeof build> {
  services ??= build();
  return services;
}
