/**
 * The lifecycle of a stage application (申请), as data: the states, the events and the one table of allowed transitions.
 * The server persists the state and applies events only through {@link nextApplicationState}, so a transition the law
 * does not allow cannot be written.
 *
 * - `draft` → `submitted` (the window receives it; 行政许可法 art.32's periods run from receipt).
 * - `submitted` → `correctionRequested`: materials incomplete → **one** notice listing everything missing (一次性补正,
 *   行政许可法 art.32). `supplement` brings it back to `submitted`.
 * - `submitted` → `accepted` (受理) by the window, or by `deemAccepted`: no correction notice within the configured
 *   days → accepted from receipt (行政许可法 art.32).
 * - `submitted` / `correctionRequested` → `rejected` (不予受理, e.g. not within the authority's remit, or the supplement
 *   never came and the window closes it).
 * - `draft` / `submitted` / `correctionRequested` → `withdrawn` by the applicant, before acceptance; after acceptance
 *   the matters' cases run (withdrawing a case is a case matter).
 * - `accepted` → `completed` when every case of the application is decided.
 *
 * `rejected`, `withdrawn` and `completed` are terminal.
 */
import { DomainError } from '../errors.ts';

/** States of a stage application. */
export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'correctionRequested',
  'accepted',
  'rejected',
  'withdrawn',
  'completed',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Events on a stage application. */
export const APPLICATION_EVENTS = [
  'submit',
  'requestCorrection',
  'supplement',
  'accept',
  'deemAccepted',
  'reject',
  'withdraw',
  'complete',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** One allowed transition. */
export interface ApplicationTransition {
  from: ApplicationState;
  event: ApplicationEvent;
  to: ApplicationState;
}

/** Every allowed transition; anything not listed is invalid. */
export const APPLICATION_TRANSITIONS: ReadonlyArray<Readonly<ApplicationTransition>> = Object.freeze([
  { from: 'draft', event: 'submit', to: 'submitted' },
  { from: 'draft', event: 'withdraw', to: 'withdrawn' },
  // 行政许可法 art.32: incomplete materials → tell the applicant everything to supplement, once.
  { from: 'submitted', event: 'requestCorrection', to: 'correctionRequested' },
  { from: 'correctionRequested', event: 'supplement', to: 'submitted' },
  { from: 'submitted', event: 'accept', to: 'accepted' },
  // 行政许可法 art.32: no correction notice in time → accepted from the day of receipt.
  { from: 'submitted', event: 'deemAccepted', to: 'accepted' },
  { from: 'submitted', event: 'reject', to: 'rejected' },
  { from: 'correctionRequested', event: 'reject', to: 'rejected' },
  { from: 'submitted', event: 'withdraw', to: 'withdrawn' },
  { from: 'correctionRequested', event: 'withdraw', to: 'withdrawn' },
  { from: 'accepted', event: 'complete', to: 'completed' },
] as const satisfies readonly ApplicationTransition[]);

/** Chinese names of the states and events, for messages. */
export const APPLICATION_STATE_NAMES: Readonly<Record<ApplicationState, string>> = Object.freeze({
  draft: '草稿',
  submitted: '已提交',
  correctionRequested: '待补正',
  accepted: '已受理',
  rejected: '不予受理',
  withdrawn: '已撤回',
  completed: '已办结',
});
export const APPLICATION_EVENT_NAMES: Readonly<Record<ApplicationEvent, string>> = Object.freeze({
  submit: '提交',
  requestCorrection: '一次性告知补正',
  supplement: '补正材料',
  accept: '受理',
  deemAccepted: '逾期未告知补正视为受理',
  reject: '不予受理',
  withdraw: '撤回',
  complete: '办结',
});

const APPLICATION_TABLE = new Map(APPLICATION_TRANSITIONS.map((t) => [`${t.from}/${t.event}`, t.to]));

/** Whether `event` is allowed in `state`. */
export function canApplicationTransition(state: ApplicationState, event: ApplicationEvent): boolean {
  return APPLICATION_TABLE.has(`${state}/${event}`);
}

/**
 * The state after `event` in `state`.
 * @throws DomainError `APPLICATION_TRANSITION_INVALID` naming the state and the event when the table does not allow it
 */
export function nextApplicationState(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  const to = APPLICATION_TABLE.get(`${state}/${event}`);
  if (to === undefined) {
    throw new DomainError(
      'APPLICATION_TRANSITION_INVALID',
      `申请处于「${APPLICATION_STATE_NAMES[state] ?? state}」状态，不能执行「${APPLICATION_EVENT_NAMES[event] ?? event}」`,
      `An application in state "${state}" cannot take event "${event}"`,
    );
  }
  return to;
}
