import * as z from 'zod';
import { type Notice, type NoticeRecipient, noticeAsTold, type RecordedDecision } from './notice.js';
import type { Clock, NoticeStore, RecipientStore } from './ports.js';
import { sha256Hex } from './secrets.js';
import { multiLineText } from './text.js';

/** What a person submits through the page's form (application/x-www-form-urlencoded). */
export const DecisionFormSchema = z.strictObject({
  decision: z.enum(['object', 'approve'], { error: 'press Object or Approve' }),
  /** Grounds go into the confirmation e-mail and the evidence pack: several lines, no control characters. */
  grounds: multiLineText(5000).optional(),
});

export type DecisionForm = z.output<typeof DecisionFormSchema>;

export type DecisionView =
  | { kind: 'unknown' }
  | { kind: 'open'; notice: Notice; recipient: NoticeRecipient }
  | { kind: 'decided'; notice: Notice; recipient: NoticeRecipient; decision: RecordedDecision }
  | { kind: 'closed'; notice: Notice; recipient: NoticeRecipient };

export interface DecisionDependencies {
  notices: Pick<NoticeStore, 'get'>;
  recipients: Pick<RecipientStore, 'findByToken' | 'get' | 'recordDecision'>;
  clock: Clock;
}

/** What the link's page shows. Reading never writes: mail scanners open every link. */
export async function viewByToken(token: string, deps: DecisionDependencies): Promise<DecisionView> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
  const ref = await deps.recipients.findByToken(sha256Hex(token));
  if (ref === undefined) return { kind: 'unknown' };
  const [notice, recipient] = await Promise.all([
    deps.notices.get(ref.noticeId),
    deps.recipients.get(ref.noticeId, ref.contractId),
  ]);
  if (notice === undefined || recipient === undefined) return { kind: 'unknown' };
  return viewOf(notice, recipient, deps.clock.now().toISOString());
}

function viewOf(stored: Notice, recipient: NoticeRecipient, now: string): DecisionView {
  // The page shows the changes this contract was told of (scopes), not every change of the version.
  const notice = noticeAsTold(stored, recipient);
  if (recipient.decision !== undefined) return { kind: 'decided', notice, recipient, decision: recipient.decision };
  if (recipient.windowState !== 'open' || recipient.closesAt === undefined || now >= recipient.closesAt) {
    return { kind: 'closed', notice, recipient };
  }
  return { kind: 'open', notice, recipient };
}

/**
 * Records a client's decision on a notice, submitted by a person through the page's form.
 *
 * 1. Find the recipient by the token's hash (unknown tokens all look the same).
 * 2. Write the decision with time, IP and user agent, conditionally: window open, before closesAt,
 *    no decision yet. The same condition guards the close, so the two cannot both win.
 * 3. If the write lost, the recipient as the write found it says why: a decision already there is
 *    answered as such (nothing new is recorded); otherwise the window has closed.
 * The confirmation e-mail and the ObjectionRecorded event follow from the stored decision (stream).
 */
export async function recordDecision(
  token: string,
  submitted: DecisionForm & { ip: string; userAgent: string },
  deps: DecisionDependencies,
): Promise<DecisionView & { recordedNow?: boolean }> {
  const view = await viewByToken(token, deps);
  if (view.kind !== 'open') return view;
  const decision: RecordedDecision = {
    decision: submitted.decision,
    // An empty textarea is no grounds (multiLineText has trimmed it already).
    ...(submitted.grounds !== undefined && submitted.grounds !== '' && { grounds: submitted.grounds }),
    at: deps.clock.now().toISOString(),
    ip: submitted.ip,
    userAgent: submitted.userAgent,
  };
  const result = await deps.recipients.recordDecision(view.recipient.noticeId, view.recipient.contractId, decision);
  if (result.written) {
    return {
      kind: 'decided',
      notice: view.notice,
      recipient: { ...view.recipient, decision },
      decision,
      recordedNow: true,
    };
  }
  return result.current === undefined ? { kind: 'unknown' } : viewOf(view.notice, result.current, decision.at);
}
