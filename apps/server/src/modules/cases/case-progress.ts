/**
 * What follows a decision on a case, inside the deciding transaction (which holds the lock on every case of the
 * application, see `lockCasesOfApplication`):
 * - dependants (国办发〔2019〕11号 并联审批): a pending case whose same-application dependencies are now all approved
 *   proceeds (`dependencySatisfied`); one whose dependency was denied cannot be approved (`dependencyFailed`);
 * - stage completion: when every case of the application is decided, the application is completed — by exactly one
 *   transaction, because deciders of one application are serialised by the lock.
 */
import { nextCaseState } from '@yiwang/domain';
import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import { markApplicationCompleted } from '../applications/applications.service.ts';
import type { RecordAudit, SendWithCommit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { today } from './case-clock.ts';
import { caseLink, permissionOfStep } from './case-rules.ts';
import * as repo from './cases.repository.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';

const DECIDED = new Set(['approved', 'denied']);

/**
 * Resolves pending dependants (repeatedly: a chain A → B → C resolves in one go), then completes the stage if due.
 * `casesNow`: every case of the application as the caller's transaction now has them (its own writes applied), when the
 * caller holds them — the deciding transaction does, from its locking read — so they need not be read again.
 */
export async function afterDecision(
  tx: Tx,
  ctx: AppContext,
  applicationId: string,
  recordAudit: RecordAudit,
  /** The deciding transaction's: the stage's completion leaves its writes with the COMMIT. */
  sendWithCommit: SendWithCommit,
  casesNow?: readonly repo.CaseRow[],
): Promise<{ completed: boolean }> {
  const now = ctx.clock.now();
  const on = today(ctx);
  let all = casesNow
    ? [...casesNow].sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0))
    : await repo.findCasesOfApplication(tx, applicationId);
  for (;;) {
    let changed = false;
    const byMatter = new Map(all.map((c) => [c.matterCode, c]));
    for (const c of all) {
      if (c.status !== 'pending') continue;
      const deps = c.dependsOn.map((m) => byMatter.get(m)).filter((d) => d !== undefined);
      const failed = deps.find((d) => d.status === 'denied');
      if (failed) {
        const status = withDomainRule('STATE_TRANSITION_INVALID', () => nextCaseState(c.status, 'dependencyFailed'));
        const opinion = `前置事项「${failed.matterName}」未获批准，本事项不予许可（并联审批，国办发〔2019〕11号）`;
        await repo.updateCase(tx, c.id, {
          status,
          decision: 'denied',
          decisionOpinion: opinion,
          decidedAt: now,
          decidedOn: on,
          updatedAt: now,
        });
        await repo.insertActions(tx, [
          { caseId: c.id, kind: 'dependencyFailed', opinion, data: { dependency: failed.matterCode }, at: now },
        ]);
        await recordAudit({
          action: 'case.dependency_resolved',
          targetType: 'case',
          targetId: c.id,
          before: { status: c.status },
          after: { status, dependency: failed.matterCode, outcome: 'failed' },
        });
        await notify(tx, ctx, {
          userIds: await applicantSideUserIds(tx, c.projectId),
          kind: 'case.denied',
          title: `办件 ${c.caseNumber} 不予许可`,
          titleEn: `Case ${c.caseNumber} denied`,
          body: opinion,
          bodyEn: `The prerequisite matter "${failed.matterCode}" was not approved, so "${c.matterCode}" cannot be approved.`,
          link: `/projects/${c.projectId}`,
        });
        changed = true;
      } else if (deps.length > 0 && deps.every((d) => d.status === 'approved')) {
        const status = withDomainRule('STATE_TRANSITION_INVALID', () => nextCaseState(c.status, 'dependencySatisfied'));
        await repo.updateCase(tx, c.id, { status, updatedAt: now });
        await repo.insertActions(tx, [
          {
            caseId: c.id,
            kind: 'dependencySatisfied',
            data: { dependencies: c.dependsOn },
            actorId: null,
            at: now,
          },
        ]);
        await recordAudit({
          action: 'case.dependency_resolved',
          targetType: 'case',
          targetId: c.id,
          before: { status: c.status },
          after: { status, outcome: 'satisfied' },
        });
        const permission = permissionOfStep(c.steps, c.currentStep);
        await notify(tx, ctx, {
          userIds: await repo.findDepartmentUserIds(tx, c.departmentId, permission),
          kind: 'case.dependency_satisfied',
          title: `办件 ${c.caseNumber} 前置事项已办结，可作出决定`,
          titleEn: `Case ${c.caseNumber}: prerequisites decided, ready for decision`,
          body: `「${c.matterName}」所依赖的同阶段事项均已准予，办件转入办理中。`,
          bodyEn: `Every same-stage matter "${c.matterCode}" depends on is approved; the case is now in progress.`,
          link: caseLink(c.id),
        });
        changed = true;
      }
    }
    if (!changed) break; // `all` is current: nothing was written since it was read
    all = await repo.findCasesOfApplication(tx, applicationId);
  }
  if (all.length > 0 && all.every((c) => DECIDED.has(c.status))) {
    // 国办发〔2019〕11号: the stage is done when all its matters are decided. Exactly once: the caller holds the lock on
    // every case of the application, and only the transaction that decided the last open case gets here.
    await markApplicationCompleted(tx, ctx, applicationId, sendWithCommit);
    // markApplicationCompleted (applications) takes no recordAudit; the completion is audited here, once, in the
    // transaction that completed it.
    await recordAudit({
      action: 'application.completed',
      targetType: 'stage_application',
      targetId: applicationId,
      after: {
        cases: all.map((c) => ({ caseNumber: c.caseNumber, matterCode: c.matterCode, decision: c.status })),
      },
    });
    return { completed: true };
  }
  return { completed: false };
}
