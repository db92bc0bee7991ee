import { describe, expect, it } from 'vitest';
import {
  judgeApprovals,
  type Approval,
  type StoredApplication,
  type StoredApprovals,
  type StoredCase,
} from './approval-wave.ts';

// The crash test's approval checks (approval-wave.ts) on rows as a crash could leave them: a whole stage passes, and
// each kind of loss or half-write is caught. (The crash test itself, `npm run test:crash`, cannot produce a half-write
// on purpose; this shows its checks are not ones that cannot fail.)

const MATTERS = ['bench.ndrc', 'bench.naturalResources', 'bench.ecology', 'bench.housing'];

function stored(
  application: Partial<StoredApplication>,
  cases: ((c: StoredCase) => StoredCase) | StoredCase[] = (c) => c,
): StoredApprovals {
  const app: StoredApplication = {
    id: 'a1',
    status: 'accepted',
    receipt_number: 'SL1',
    accepted_events: 1,
    completed_events: 0,
    ...application,
  };
  const rows = Array.isArray(cases)
    ? cases
    : MATTERS.map((matter, i) =>
        cases({
          id: `c${i}`,
          application_id: 'a1',
          matter_code: matter,
          status: 'inProgress',
          starts: 1,
          dispatched: 1,
          dispatched_events: 1,
          approvals: 0,
          approved_events: 0,
        }),
      );
  return { applications: new Map([[app.id, app]]), casesOf: new Map([['a1', rows]]) };
}

const approved = (c: StoredCase): StoredCase => ({ ...c, status: 'approved', approvals: 1, approved_events: 1 });

function approval(acked: { receipt?: string; decisions?: string[] } = {}): Approval[] {
  return [
    {
      applicationId: 'a1',
      acceptKey: 'k',
      ...(acked.receipt ? { ackedReceipt: acked.receipt } : {}),
      ackedDecisions: new Set(acked.decisions ?? []),
    },
  ];
}

describe('the crash test approval checks', () => {
  it('pass a submitted application, an accepted one and a completed one', () => {
    expect(
      judgeApprovals(approval(), stored({ status: 'submitted', receipt_number: null, accepted_events: 0 }, [])),
    ).toMatchObject({ lost: 0, halfWritten: 0 });
    expect(judgeApprovals(approval({ receipt: 'SL1' }), stored({}))).toMatchObject({ lost: 0, halfWritten: 0 });
    const decisions = ['c0', 'c1', 'c2', 'c3'];
    expect(
      judgeApprovals(
        approval({ receipt: 'SL1', decisions }),
        stored({ status: 'completed', completed_events: 1 }, approved),
      ),
    ).toMatchObject({ lost: 0, halfWritten: 0 });
  });

  it('catch an acknowledged acceptance or decision that is not stored', () => {
    const notAccepted = stored({ status: 'submitted', receipt_number: null, accepted_events: 0 }, []);
    expect(judgeApprovals(approval({ receipt: 'SL1' }), notAccepted)).toMatchObject({ lost: 1, halfWritten: 0 });
    expect(judgeApprovals(approval({ receipt: 'SL1' }), stored({ receipt_number: 'SL2' })).lost).toBe(1);
    expect(judgeApprovals(approval({ receipt: 'SL1', decisions: ['c2'] }), stored({}))).toMatchObject({
      lost: 1,
      halfWritten: 0,
    });
  });

  it('catch every kind of half-written application', () => {
    const halfWritten = (s: StoredApprovals) => judgeApprovals(approval(), s).halfWritten;
    // Submitted, yet with a case or an acceptance entry.
    expect(
      halfWritten(stored({ status: 'submitted', accepted_events: 0 }, stored({}).casesOf.get('a1')!.slice(0, 1))),
    ).toBe(1);
    expect(halfWritten(stored({ status: 'submitted', accepted_events: 1 }, []))).toBe(1);
    // Accepted without its audit entry, or with three cases of four.
    expect(halfWritten(stored({ accepted_events: 0 }))).toBe(1);
    expect(halfWritten(stored({}, stored({}).casesOf.get('a1')!.slice(1)))).toBe(1);
    // A case without its first clock entry, its history row or its audit entry.
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...c, starts: 0 } : c)))).toBe(1);
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...c, dispatched: 0 } : c)))).toBe(1);
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...c, dispatched_events: 2 } : c)))).toBe(1);
    // Decided without its history row or its audit entry; undecided with one.
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...approved(c), approvals: 0 } : c)))).toBe(1);
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...approved(c), approved_events: 0 } : c)))).toBe(1);
    expect(halfWritten(stored({}, (c) => (c.id === 'c1' ? { ...c, approvals: 1 } : c)))).toBe(1);
    // Every case decided but the stage not completed; completed without its entry, or with a case undecided.
    expect(halfWritten(stored({}, approved))).toBe(1);
    expect(halfWritten(stored({ status: 'completed', completed_events: 0 }, approved))).toBe(1);
    expect(
      halfWritten(stored({ status: 'completed', completed_events: 1 }, (c) => (c.id === 'c0' ? c : approved(c)))),
    ).toBe(1);
    // Gone altogether.
    expect(judgeApprovals(approval(), { applications: new Map(), casesOf: new Map() }).halfWritten).toBe(1);
  });
});
