import * as z from 'zod';
import { confirmedByClient } from './contract-state.js';
import { ConflictError, NotFoundError } from './errors.js';
import { type Notice, type NoticeRecipient, noticeAsTold, type RecordedDecision } from './notice.js';
import type { Clock, ContractStore, NoticeStore, RecipientStore } from './ports.js';
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
 * 2. Write the decision with time, IP and user agent (`writeDecision`): window open, before closesAt,
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
  return writeDecision(
    view,
    {
      decision: submitted.decision,
      // An empty textarea is no grounds (multiLineText has trimmed it already).
      ...(submitted.grounds !== undefined && submitted.grounds !== '' && { grounds: submitted.grounds }),
      at: deps.clock.now().toISOString(),
      ip: submitted.ip,
      userAgent: submitted.userAgent,
    },
    deps,
  );
}

/**
 * The one write of a decision, whatever the channel (the link's form, the API): conditional on the
 * window being open, before its deadline, with no decision yet, so a form and an API call racing
 * each other store exactly one. A lost write answers the recipient as the write found it.
 */
async function writeDecision(
  view: Extract<DecisionView, { kind: 'open' }>,
  decision: RecordedDecision,
  deps: Pick<DecisionDependencies, 'recipients'>,
): Promise<DecisionView & { recordedNow?: boolean }> {
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

/** `POST /clients/{id}/notices/{noticeId}/decision`: the form's fields, as JSON. */
export const ApiDecisionBodySchema = z.strictObject({
  decision: z.enum(['object', 'approve'], { error: 'must be object or approve' }),
  grounds: multiLineText(5000).optional(),
});

export type ApiDecisionBody = z.output<typeof ApiDecisionBodySchema>;

export interface ApiDecisionDependencies extends DecisionDependencies {
  contracts: Pick<ContractStore, 'forClient'>;
}

/** A decision as the API answers it: what was recorded, on which contract, through which channel. */
export interface ApiDecisionResult {
  noticeId: string;
  contractId: string;
  decision: RecordedDecision;
  /** False when the same decision was recorded through the API before (a retried request). */
  recordedNow: boolean;
}

/** The same 404 for an unknown notice, another client's, and one of a contract not confirmed. */
const noNoticeOfClient = (clientId: string, noticeId: string) =>
  new NotFoundError(`no notice ${noticeId} for client ${clientId}`);

/**
 * Records a client's decision through the API (its own key), with the same rules and the same
 * conditional write as the form: once, while the window is open and before its deadline.
 *
 * 1. Find the notice and the client's recipient on it, through the client's confirmed contracts
 *    with the notice's processor: an unknown notice, another client's, and one reaching the client
 *    only through a pending or disputed contract all get the same 404.
 * 2. A decision already there: the same one sent again through the API is answered as recorded
 *    (200, a retried request); any other is a conflict (409, naming it). A window not open yet (its
 *    e-mail is still queued), closed or past its deadline: 409.
 * 3. Write it (`writeDecision`) with the channel, the client as principal and the id of its key,
 *    instead of IP and user agent. The confirmation e-mail to the contract's addresses
 *    and the vendor's alert follow from the stored decision, as for the form (stream → ObjectionRecorded).
 */
export async function recordDecisionThroughApi(
  clientId: string,
  noticeId: string,
  body: ApiDecisionBody,
  origin: { apiKeyId?: string },
  deps: ApiDecisionDependencies,
): Promise<ApiDecisionResult> {
  const notice = await deps.notices.get(noticeId);
  if (notice === undefined) throw noNoticeOfClient(clientId, noticeId);
  const confirmed = (await deps.contracts.forClient(clientId)).filter(
    (contract) => contract.processorId === notice.processorId && confirmedByClient(contract),
  );
  const recipients = await Promise.all(confirmed.map((contract) => deps.recipients.get(noticeId, contract.id)));
  // One active contract per processor × client: at most one recipient among them may still be open.
  const candidates = recipients.filter((recipient) => recipient !== undefined);
  const recipient =
    candidates.find((candidate) => candidate.windowState === 'open' && candidate.decision === undefined) ??
    candidates[0];
  if (recipient === undefined) throw noNoticeOfClient(clientId, noticeId);

  const decision: RecordedDecision = {
    decision: body.decision,
    ...(body.grounds !== undefined && body.grounds !== '' && { grounds: body.grounds }),
    at: deps.clock.now().toISOString(),
    channel: 'api',
    principal: { type: 'client', id: clientId },
    ...(origin.apiKeyId !== undefined && { apiKeyId: origin.apiKeyId }),
  };
  const view = viewOf(notice, recipient, decision.at);
  const outcome: DecisionView & { recordedNow?: boolean } =
    view.kind === 'open' ? await writeDecision(view, decision, deps) : view;
  const ref = { noticeId, contractId: recipient.contractId };
  if (outcome.kind === 'decided') {
    if (outcome.recordedNow === true) return { ...ref, decision: outcome.decision, recordedNow: true };
    if (sameApiDecision(outcome.decision, decision)) return { ...ref, decision: outcome.decision, recordedNow: false };
    throw new ConflictError(
      `a decision is recorded already for notice ${noticeId}: ${outcome.decision.decision} at ${outcome.decision.at}`,
    );
  }
  if (outcome.kind === 'unknown') throw noNoticeOfClient(clientId, noticeId);
  const why = {
    pending: `the objection window of notice ${noticeId} is not open yet: it opens when its e-mail is sent`,
    none: `notice ${noticeId} is informational: it has no objection window, there is nothing to decide`,
    open: `the objection window of notice ${noticeId} is closed`,
    closed: `the objection window of notice ${noticeId} is closed`,
  } as const;
  throw new ConflictError(why[recipient.windowState]);
}

/** A retried API call: the same decision and grounds, through the API, by the same client. */
function sameApiDecision(stored: RecordedDecision, asked: RecordedDecision): boolean {
  return (
    stored.channel === 'api' &&
    asked.channel === 'api' &&
    stored.principal.id === asked.principal.id &&
    stored.decision === asked.decision &&
    (stored.grounds ?? '') === (asked.grounds ?? '')
  );
}
