import { describe, expect, it } from 'vitest';
import { defaultInternalSteps, type InternalStep } from '../catalogue/catalogue-types.ts';
import {
  CASE_EVENTS,
  CASE_STATES,
  CASE_TRANSITIONS,
  type CaseEvent,
  type CaseState,
  canCaseTransition,
  canReturnTo,
  isFinalStep,
  nextCaseState,
  nextStep,
  stepSignatureComplete,
} from './case-lifecycle.ts';

/** Allowed transitions, written independently from issue 5 §4; every other (state, event) pair must be refused. */
const ALLOWED: Record<CaseState, Partial<Record<CaseEvent, CaseState>>> = {
  pending: {
    dependencySatisfied: 'inProgress',
    dependencyFailed: 'denied',
    advance: 'pending',
    return: 'pending',
    transfer: 'pending',
    toleranceLapsed: 'denied',
  },
  inProgress: {
    advance: 'inProgress',
    return: 'inProgress',
    transfer: 'inProgress',
    extend: 'inProgress',
    startSpecialProcedure: 'suspended',
    approve: 'approved',
    deny: 'denied',
    toleranceLapsed: 'denied',
  },
  suspended: { endSpecialProcedure: 'inProgress', toleranceLapsed: 'denied' },
  approved: {},
  denied: {},
};

describe('case lifecycle', () => {
  it('the expectation covers every state', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...CASE_STATES].sort());
  });

  for (const state of CASE_STATES) {
    for (const event of CASE_EVENTS) {
      const expected = ALLOWED[state][event];
      it(`${state} + ${event} → ${expected ?? 'invalid'}`, () => {
        if (expected === undefined) {
          expect(canCaseTransition(state, event)).toBe(false);
          expect(() => nextCaseState(state, event)).toThrow(
            expect.objectContaining({
              code: 'CASE_TRANSITION_INVALID',
              messageEn: `A case in state "${state}" cannot take event "${event}"`,
            }),
          );
        } else {
          expect(canCaseTransition(state, event)).toBe(true);
          expect(nextCaseState(state, event)).toBe(expected);
        }
      });
    }
  }

  it('has exactly the expected number of transitions', () => {
    const count = Object.values(ALLOWED).reduce((n, row) => n + Object.keys(row).length, 0);
    expect(CASE_TRANSITIONS).toHaveLength(count);
  });
});

describe('internal steps', () => {
  const steps = defaultInternalSteps();

  it('nextStep: 承办 → 审核 → 签发 → null', () => {
    expect(nextStep(steps, 'undertake')!.code).toBe('review');
    expect(nextStep(steps, 'review')!.code).toBe('issue');
    expect(nextStep(steps, 'issue')).toBeNull();
    expect(() => nextStep(steps, 'nope')).toThrow(expect.objectContaining({ code: 'STEP_UNKNOWN' }));
  });

  it('canReturnTo: only to an earlier step', () => {
    expect(canReturnTo(steps, 'issue', 'undertake')).toBe(true);
    expect(canReturnTo(steps, 'issue', 'review')).toBe(true);
    expect(canReturnTo(steps, 'review', 'undertake')).toBe(true);
    expect(canReturnTo(steps, 'review', 'review')).toBe(false);
    expect(canReturnTo(steps, 'undertake', 'issue')).toBe(false);
    expect(canReturnTo(steps, 'undertake', 'undertake')).toBe(false);
    expect(canReturnTo(steps, 'issue', 'nope')).toBe(false);
  });

  it('isFinalStep', () => {
    expect(steps.map((s) => isFinalStep(steps, s.code))).toEqual([false, false, true]);
    const single: InternalStep[] = [
      { code: 'issue', name: '备案', kind: 'issue', signMode: 'single', participants: [] },
    ];
    expect(isFinalStep(single, 'issue')).toBe(true);
    expect(nextStep(single, 'issue')).toBeNull();
  });

  it('stepSignatureComplete: single, 会签 (every participant), 或签 (any participant)', () => {
    const single = steps[1]!;
    expect(stepSignatureComplete(single, [])).toBe(false);
    expect(stepSignatureComplete(single, ['housing'])).toBe(true);

    const countersign = defaultInternalSteps({
      mode: 'countersign',
      participants: ['naturalResources', 'housing', 'civilAirDefence'],
    })[1]!;
    expect(stepSignatureComplete(countersign, [])).toBe(false);
    expect(stepSignatureComplete(countersign, ['housing', 'naturalResources'])).toBe(false);
    expect(stepSignatureComplete(countersign, ['housing', 'naturalResources', 'ecology'])).toBe(false);
    expect(stepSignatureComplete(countersign, ['civilAirDefence', 'housing', 'naturalResources'])).toBe(true);

    const anySign = defaultInternalSteps({ mode: 'anySign', participants: ['housing', 'fireRescue'] })[1]!;
    expect(stepSignatureComplete(anySign, [])).toBe(false);
    expect(stepSignatureComplete(anySign, ['ecology'])).toBe(false);
    expect(stepSignatureComplete(anySign, ['fireRescue'])).toBe(true);
  });
});
