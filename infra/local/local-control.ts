import type { IncomingMessage } from 'node:http';
import * as z from 'zod';
import { advanceLocalClock, systemClock } from '../../shared/adapters/clock.js';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { config } from '../../shared/config.js';
import { AppError } from '../../shared/domain/errors.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { SES_EVENT_SOURCE } from '../../shared/events/ses-email-event.js';
import { authenticate } from '../../shared/http/authenticate.js';
import { issuesFromZod } from '../../shared/http/issues-from-zod.js';
import type { LocalAsyncRuntime } from './async-runtime.js';
import type { SesFaults } from './ses-faults.js';

const ClockBody = z.strictObject({
  advanceDays: z.number().positive().max(3650).optional(),
  advanceHours: z.number().positive().max(87_600).optional(),
});
const SesFaultsBody = z.strictObject({
  refuse: z.array(z.email()).max(100).optional(),
  unavailable: z.boolean().optional(),
});
const SesEventBody = z.strictObject({ email: z.email(), type: z.enum(['bounce', 'complaint', 'delivery']) });

const SES_EVENTS = {
  bounce: { detailType: 'Email Bounced', eventType: 'Bounce' },
  complaint: { detailType: 'Email Complaint Received', eventType: 'Complaint' },
  delivery: { detailType: 'Email Delivered', eventType: 'Delivery' },
} as const;

export interface LocalControlContext {
  runtime: LocalAsyncRuntime;
  sesUrl: string;
  sesFaults: SesFaults;
  /** Runs due schedules until nothing more is due, waiting for all work they start. */
  runDueWork(): Promise<void>;
  /** Called after the clock moved, so a kept data directory keeps the new offset. */
  clockMoved(): void;
}

export interface ControlResult {
  status: number;
  body: unknown;
}

/**
 * Routes that exist only in the local stack, never in the CDK stack (they are not in ROUTES):
 * - POST /_local/clock `{ advanceDays }` moves the clock and returns after every schedule now due
 *   has run;
 * - POST /_local/ses-events `{ email, type }` injects the SES event (bounce, complaint, delivery)
 *   for the latest e-mail sent to that address, as SES would deliver it to EventBridge.
 * - POST /_local/ses-faults `{ refuse?: [addresses], unavailable?: boolean }` makes SES refuse those
 *   addresses (MessageRejected) or be down (503) from now on; `{}` shows the faults, `{ refuse: [] }` clears them.
 * All need the admin key.
 */
export async function handleLocalControl(
  request: IncomingMessage,
  rawBody: string,
  context: LocalControlContext,
): Promise<ControlResult> {
  try {
    await authenticate('admin', request.headers.authorization, undefined, {
      apiKeys: registryStores().apiKeys,
      adminApiKeySha256: config().adminApiKeySha256,
      clock: systemClock,
    });
    const body = rawBody === '' ? {} : JSON.parse(rawBody);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'POST' && path === '/_local/clock') {
      const parsed = ClockBody.safeParse(body);
      if (!parsed.success)
        return { status: 400, body: { error: { code: 'validation_failed', issues: issuesFromZod(parsed.error) } } };
      advanceLocalClock((parsed.data.advanceDays ?? 0) * DAY_MS + (parsed.data.advanceHours ?? 0) * 3_600_000);
      context.clockMoved();
      await context.runDueWork();
      return { status: 200, body: { now: systemClock.now().toISOString() } };
    }
    if (request.method === 'POST' && path === '/_local/ses-faults') {
      const parsed = SesFaultsBody.safeParse(body);
      if (!parsed.success)
        return { status: 400, body: { error: { code: 'validation_failed', issues: issuesFromZod(parsed.error) } } };
      if (parsed.data.refuse !== undefined) context.sesFaults.refuse = parsed.data.refuse.map((e) => e.toLowerCase());
      if (parsed.data.unavailable !== undefined) context.sesFaults.unavailable = parsed.data.unavailable;
      return { status: 200, body: context.sesFaults };
    }
    if (request.method === 'POST' && path === '/_local/ses-events') {
      const parsed = SesEventBody.safeParse(body);
      if (!parsed.success)
        return { status: 400, body: { error: { code: 'validation_failed', issues: issuesFromZod(parsed.error) } } };
      const { emails } = (await (await fetch(`${context.sesUrl}/store`)).json()) as {
        emails: Array<{ messageId: string; destination: { to: string[] } }>;
      };
      const email = parsed.data.email.toLowerCase();
      const sent = emails.filter((e) => e.destination.to.some((to) => to.toLowerCase() === email)).at(-1);
      if (sent === undefined)
        return { status: 404, body: { error: { code: 'not_found', message: `no e-mail was sent to ${email}` } } };
      const kind = SES_EVENTS[parsed.data.type];
      const now = systemClock.now().toISOString();
      context.runtime.putEvents([
        {
          // SES configuration sets deliver to the account's default bus only.
          EventBusName: 'default',
          Source: SES_EVENT_SOURCE,
          DetailType: kind.detailType,
          Detail: JSON.stringify({
            eventType: kind.eventType,
            mail: { messageId: sent.messageId, timestamp: now, destination: sent.destination.to },
            ...(parsed.data.type === 'bounce' && {
              bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email }], timestamp: now },
            }),
            ...(parsed.data.type === 'complaint' && {
              complaint: { complainedRecipients: [{ emailAddress: email }], timestamp: now },
            }),
            ...(parsed.data.type === 'delivery' && { delivery: { recipients: [email], timestamp: now } }),
          }),
        },
      ]);
      await context.runDueWork();
      return { status: 202, body: { messageId: sent.messageId, event: kind.detailType } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500)
      return { status: error.statusCode, body: { error: { code: error.code, message: error.message } } };
    if (error instanceof SyntaxError)
      return { status: 400, body: { error: { code: 'validation_failed', message: 'body: malformed JSON' } } };
    throw error;
  }
}
