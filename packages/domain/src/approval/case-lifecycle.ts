/**
 * The lifecycle of a case (办件: one matter of an accepted stage application, handled by its department), as data, and
 * the rules of its internal steps (承办 → 审核 → 签发, with 会签/或签).
 *
 * States:
 * - `pending`: waiting for the result of a matter of the same stage it depends on. 国办发〔2019〕11号 "并联审批": it is
 *   pre-reviewed meanwhile (steps may advance, return, transfer), and becomes `inProgress` when the result arrives, or
 *   `denied` when the dependency is denied (without it the matter cannot be approved).
 * - `inProgress`: being handled; the working-day clock runs.
 * - `suspended`: a special procedure (补正, 专家评审, 听证, 检测 …) stops the clock (行政许可法 art.45); it ends back in
 *   `inProgress`. Steps do not move while suspended: nothing is decided on a stopped clock.
 * - `approved` / `denied`: decided, terminal.
 *
 * `toleranceLapsed`: a 容缺 material was not supplied by the deadline stated at acceptance → not approved (DOMAIN.md §6).
 * `extend`: the limit is extended (行政许可法 art.42; 条例673 art.10) — recorded in the clock ledger; the state stays.
 */
import type { DepartmentKind, InternalStep } from '../catalogue/catalogue-types.ts';
import { DomainError } from '../errors.ts';

/** States of a case. */
export const CASE_STATES = ['pending', 'inProgress', 'suspended', 'approved', 'denied'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Events on a case. */
export const CASE_EVENTS = [
  'dependencySatisfied',
  'dependencyFailed',
  'advance',
  'return',
  'transfer',
  'startSpecialProcedure',
  'endSpecialProcedure',
  'extend',
  'approve',
  'deny',
  'toleranceLapsed',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** One allowed transition. */
export interface CaseTransition {
  from: CaseState;
  event: CaseEvent;
  to: CaseState;
}

/** Every allowed transition; anything not listed is invalid. */
export const CASE_TRANSITIONS: ReadonlyArray<Readonly<CaseTransition>> = Object.freeze([
  // 国办发〔2019〕11号: pre-review while waiting for a same-stage result; decide when it arrives.
  { from: 'pending', event: 'dependencySatisfied', to: 'inProgress' },
  { from: 'pending', event: 'dependencyFailed', to: 'denied' },
  { from: 'pending', event: 'advance', to: 'pending' },
  { from: 'pending', event: 'return', to: 'pending' },
  { from: 'pending', event: 'transfer', to: 'pending' },
  { from: 'inProgress', event: 'advance', to: 'inProgress' },
  { from: 'inProgress', event: 'return', to: 'inProgress' },
  { from: 'inProgress', event: 'transfer', to: 'inProgress' },
  // 行政许可法 art.42 (+10 WD), 条例673 art.10 (核准 +40 WD): extension by the head of the authority.
  { from: 'inProgress', event: 'extend', to: 'inProgress' },
  // 行政许可法 art.45: time for special procedures is not counted.
  { from: 'inProgress', event: 'startSpecialProcedure', to: 'suspended' },
  { from: 'suspended', event: 'endSpecialProcedure', to: 'inProgress' },
  { from: 'inProgress', event: 'approve', to: 'approved' },
  { from: 'inProgress', event: 'deny', to: 'denied' },
  // DOMAIN.md §6: 容缺 material not supplied by the stated deadline → not approved.
  { from: 'inProgress', event: 'toleranceLapsed', to: 'denied' },
  { from: 'suspended', event: 'toleranceLapsed', to: 'denied' },
  // A case still waiting for a same-stage result is not approved either when its 容缺 material lapses.
  { from: 'pending', event: 'toleranceLapsed', to: 'denied' },
] as const satisfies readonly CaseTransition[]);

/** Chinese names of the states and events, for messages. */
export const CASE_STATE_NAMES: Readonly<Record<CaseState, string>> = Object.freeze({
  pending: '待前置结果（预审中）',
  inProgress: '办理中',
  suspended: '特别程序中（暂停计时）',
  approved: '准予许可',
  denied: '不予许可',
});
export const CASE_EVENT_NAMES: Readonly<Record<CaseEvent, string>> = Object.freeze({
  dependencySatisfied: '前置事项办结',
  dependencyFailed: '前置事项未获批准',
  advance: '提交下一环节',
  return: '退回',
  transfer: '转办',
  startSpecialProcedure: '启动特别程序',
  endSpecialProcedure: '结束特别程序',
  extend: '延长办理时限',
  approve: '准予许可',
  deny: '不予许可',
  toleranceLapsed: '容缺材料逾期未补齐',
});

const CASE_TABLE = new Map(CASE_TRANSITIONS.map((t) => [`${t.from}/${t.event}`, t.to]));

/** Whether `event` is allowed in `state`. */
export function canCaseTransition(state: CaseState, event: CaseEvent): boolean {
  return CASE_TABLE.has(`${state}/${event}`);
}

/**
 * The state after `event` in `state`.
 * @throws DomainError `CASE_TRANSITION_INVALID` naming the state and the event when the table does not allow it
 */
export function nextCaseState(state: CaseState, event: CaseEvent): CaseState {
  const to = CASE_TABLE.get(`${state}/${event}`);
  if (to === undefined) {
    throw new DomainError(
      'CASE_TRANSITION_INVALID',
      `办件处于「${CASE_STATE_NAMES[state] ?? state}」状态，不能执行「${CASE_EVENT_NAMES[event] ?? event}」`,
      `A case in state "${state}" cannot take event "${event}"`,
    );
  }
  return to;
}

function stepIndex(steps: readonly InternalStep[], code: string): number {
  const i = steps.findIndex((s) => s.code === code);
  if (i < 0) {
    throw new DomainError(
      'STEP_UNKNOWN',
      `内部环节「${code}」不在本事项的办理流程中`,
      `Step "${code}" is not one of the matter's internal steps`,
    );
  }
  return i;
}

/**
 * The step after `currentStepCode`, or null at the last step (签发: the next move is the decision).
 * @throws DomainError `STEP_UNKNOWN` if the current step is not in `steps`
 */
export function nextStep(steps: InternalStep[], currentStepCode: string): InternalStep | null {
  return steps[stepIndex(steps, currentStepCode) + 1] ?? null;
}

/**
 * Whether a case at `currentStepCode` may be returned to `targetStepCode`: only to an earlier step of the same matter
 * (a return sends the file back for rework; it never skips ahead). False for an unknown step.
 */
export function canReturnTo(steps: InternalStep[], currentStepCode: string, targetStepCode: string): boolean {
  const current = steps.findIndex((s) => s.code === currentStepCode);
  const target = steps.findIndex((s) => s.code === targetStepCode);
  return current >= 0 && target >= 0 && target < current;
}

/**
 * Whether `code` is the last step (after which the case is decided).
 * @throws DomainError `STEP_UNKNOWN` if the step is not in `steps`
 */
export function isFinalStep(steps: InternalStep[], code: string): boolean {
  return stepIndex(steps, code) === steps.length - 1;
}

/**
 * Whether a step has the signatures it needs to move on: `single` — at least one; `countersign` (会签) — every
 * participating department kind; `anySign` (或签) — any one participant. Signatures from departments that do not
 * participate do not count towards a multi-party step.
 */
export function stepSignatureComplete(step: InternalStep, signedDepartmentKinds: readonly DepartmentKind[]): boolean {
  const signed = new Set(signedDepartmentKinds);
  switch (step.signMode) {
    case 'single':
      return signed.size >= 1;
    case 'countersign':
      return step.participants.length > 0 && step.participants.every((d) => signed.has(d));
    case 'anySign':
      return step.participants.some((d) => signed.has(d));
  }
}
