import { describe, expect, it } from 'vitest';
import {
  APPLICATION_EVENTS,
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  type ApplicationEvent,
  type ApplicationState,
  canApplicationTransition,
  nextApplicationState,
} from './application-lifecycle.ts';

/**
 * The expected table, written independently of the implementation from issue 5 / 行政许可法 art.32: one row per
 * state, each event giving the resulting state or "—" for invalid.
 */
const EXPECTED: Record<ApplicationState, Record<ApplicationEvent, ApplicationState | '—'>> = {
  draft: {
    submit: 'submitted',
    requestCorrection: '—',
    supplement: '—',
    accept: '—',
    deemAccepted: '—',
    reject: '—',
    withdraw: 'withdrawn',
    complete: '—',
  },
  submitted: {
    submit: '—',
    requestCorrection: 'correctionRequested',
    supplement: '—',
    accept: 'accepted',
    deemAccepted: 'accepted',
    reject: 'rejected',
    withdraw: 'withdrawn',
    complete: '—',
  },
  correctionRequested: {
    submit: '—',
    requestCorrection: '—',
    supplement: 'submitted',
    accept: '—',
    deemAccepted: '—',
    reject: 'rejected',
    withdraw: 'withdrawn',
    complete: '—',
  },
  accepted: {
    submit: '—',
    requestCorrection: '—',
    supplement: '—',
    accept: '—',
    deemAccepted: '—',
    reject: '—',
    withdraw: '—',
    complete: 'completed',
  },
  rejected: {
    submit: '—',
    requestCorrection: '—',
    supplement: '—',
    accept: '—',
    deemAccepted: '—',
    reject: '—',
    withdraw: '—',
    complete: '—',
  },
  withdrawn: {
    submit: '—',
    requestCorrection: '—',
    supplement: '—',
    accept: '—',
    deemAccepted: '—',
    reject: '—',
    withdraw: '—',
    complete: '—',
  },
  completed: {
    submit: '—',
    requestCorrection: '—',
    supplement: '—',
    accept: '—',
    deemAccepted: '—',
    reject: '—',
    withdraw: '—',
    complete: '—',
  },
};

describe('application lifecycle', () => {
  it('the expectation table covers every state and event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...APPLICATION_STATES].sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual([...APPLICATION_EVENTS].sort());
  });

  for (const state of APPLICATION_STATES) {
    for (const event of APPLICATION_EVENTS) {
      const expected = EXPECTED[state][event];
      it(`${state} + ${event} → ${expected}`, () => {
        if (expected === '—') {
          expect(canApplicationTransition(state, event)).toBe(false);
          let error: unknown;
          try {
            nextApplicationState(state, event);
          } catch (e) {
            error = e;
          }
          expect(error).toMatchObject({ code: 'APPLICATION_TRANSITION_INVALID' });
          const { message, messageEn } = error as { message: string; messageEn: string };
          expect(messageEn).toContain(`"${state}"`);
          expect(messageEn).toContain(`"${event}"`);
          expect(message).toMatch(/申请处于「.+」状态，不能执行「.+」/);
        } else {
          expect(canApplicationTransition(state, event)).toBe(true);
          expect(nextApplicationState(state, event)).toBe(expected);
        }
      });
    }
  }

  it('lists each transition once', () => {
    const keys = APPLICATION_TRANSITIONS.map((t) => `${t.from}/${t.event}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(11);
  });

  it('a 补正 round trip: submit → requestCorrection → supplement → accept → complete', () => {
    const events: ApplicationEvent[] = ['submit', 'requestCorrection', 'supplement', 'accept', 'complete'];
    expect(events.reduce<ApplicationState>((s, e) => nextApplicationState(s, e), 'draft')).toBe('completed');
  });
});
