import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { enterprises, projects, stageApplications, users } from '../src/db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../src/modules/audit/audit.service.ts';
import { dispatchCases } from '../src/modules/cases/case-dispatch.service.ts';
import { loadCurrentCatalogue } from '../src/modules/catalogue/catalogue.service.ts';
import type { TestApp } from './test-app.ts';

export interface AcceptedApplication {
  applicationId: string;
  projectId: string;
  projectCode: string;
  byMatter: Record<string, string>;
}

let sequence = 0;

/**
 * A coded 核准 project (city level unless `regionCode` says otherwise) of the demo enterprise and a stage-1 application accepted on `acceptedOn`, with its
 * cases dispatched — written as the window's acceptance would (rows + `dispatchCases` in one audited transaction), so
 * case tests need not drive the whole application flow first.
 */
export async function acceptedApplication(
  t: TestApp,
  matterCodes: string[],
  acceptedOn = '2026-11-23',
  regionCode = '330300',
): Promise<AcceptedApplication> {
  const { catalogue } = await loadCurrentCatalogue(t.ctx);
  const [applicant] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
  const [enterprise] = await t.ctx.db.select().from(enterprises).where(eq(enterprises.id, applicant!.enterpriseId!));
  sequence += 1;
  const code = `TEST-CASES-${sequence}-${crypto.randomBytes(3).toString('hex')}`;
  const receiptNumber = `SL${sequence}${crypto.randomBytes(3).toString('hex')}`;
  return runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit, sendWithCommit) => {
    const [project] = await tx
      .insert(projects)
      .values({
        enterpriseId: enterprise!.id,
        name: `测试项目 ${sequence}`,
        createdBy: applicant!.id,
        status: 'coded',
        code,
        regionCode,
        // A 核准 project (火力发电 is in the 核准目录), so its 一项目一方案 can be computed too.
        procedure: 'ratification',
        investmentNature: 'enterprise',
        industryCode: 'D4411',
        totalInvestment: '56000',
      })
      .returning();
    const [app] = await tx
      .insert(stageApplications)
      .values({
        projectId: project!.id,
        stageCode: 'projectAndLand',
        catalogueVersion: catalogue.version,
        status: 'accepted',
        matterCodes,
        regionCode,
        acceptanceMode: 'normal',
        acceptedAt: t.ctx.clock.now(),
        acceptedOn,
        receiptNumber,
        createdBy: applicant!.id,
      })
      .returning();
    const dispatched = await dispatchCases(
      tx,
      t.ctx,
      {
        application: {
          id: app!.id,
          projectId: project!.id,
          regionCode,
          catalogueVersion: catalogue.version,
          stageCode: 'projectAndLand',
          receiptNumber,
          acceptedOn,
          matterCodes,
          decidedOnCommitmentMatters: [],
        },
        catalogue,
        actorId: null,
      },
      recordAudit,
      sendWithCommit,
    );
    await recordAudit({ action: 'application.accepted', targetType: 'stage_application', targetId: app!.id });
    return {
      applicationId: app!.id,
      projectId: project!.id,
      projectCode: code,
      byMatter: Object.fromEntries(dispatched.map((d) => [d.matterCode, d.id])),
    };
  });
}
