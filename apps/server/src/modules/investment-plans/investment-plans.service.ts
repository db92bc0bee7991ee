/**
 * 政府投资年度计划 (PRODUCT 9; 《政府投资条例》 ch.4): a supervisor (发改) of a region draws up the region's plan for a
 * year — government-investment projects of its region subtree, the amount planned per fund source and, once approved,
 * the 初步设计概算 — publishes it, and records the payments made against each line. The plan shows the execution rate
 * per line, per fund source and in all, and warns where the 概算 exceeds the 可研 estimate (the project's total
 * investment) by more than 10 % (条例712 art.12: reported to the approving department, which may ask for a new 可研).
 * Every change is one audited transaction.
 */
import { shanghaiCivilDate } from '@yiwang/domain';
import type { PlanFundSource } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { isRegionWithin, regionPathOf } from '../organisations/organisations.service.ts';
import * as repo from './investment-plans.repository.ts';

/** 条例712 art.12: 概算 more than 10 % over the 可研 estimate. */
const BUDGET_OVERRUN_FACTOR = 1.1;

const wan = (n: number) => n.toFixed(2);
const num = (s: string | null) => (s === null ? null : Number(s));
const rate = (paid: number, planned: number) => (planned > 0 ? Math.round((paid / planned) * 10_000) / 10_000 : null);

export interface PlanSummary {
  id: string;
  regionCode: string;
  regionName: string;
  year: number;
  name: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
}

export interface PlanItemView {
  id: string;
  projectId: string;
  projectName: string;
  projectCode: string | null;
  fundSource: PlanFundSource;
  plannedAmount: number;
  paidAmount: number;
  executionRate: number | null;
  lastPaidOn: string | null;
  /** 可研 estimate: the project's total investment. */
  estimate: number | null;
  approvedBudget: number | null;
  /** 概算 over the estimate by more than 10 % (条例712 art.12). */
  budgetOverrun: boolean;
  note: string;
}

export interface PlanView extends PlanSummary {
  canEdit: boolean;
  items: PlanItemView[];
  totals: { planned: number; paid: number; executionRate: number | null };
  bySource: { fundSource: PlanFundSource; planned: number; paid: number; executionRate: number | null }[];
}

async function homePath(ctx: AppContext, actor: Actor): Promise<string> {
  const path = await regionPathOf(ctx.db, actor.regionCode);
  if (!path) throw new AppError('NOT_FOUND', { message: '辖区不存在', messageEn: 'Your region does not exist' });
  return path;
}

export async function listPlans(ctx: AppContext, actor: Actor): Promise<{ items: PlanSummary[] }> {
  const rows = await repo.listPlans(ctx.db, await homePath(ctx, actor));
  return {
    items: rows.map(({ plan, regionName }) => ({
      id: plan.id,
      regionCode: plan.regionCode,
      regionName,
      year: plan.year,
      name: plan.name,
      status: plan.status,
      publishedAt: plan.publishedAt?.toISOString() ?? null,
    })),
  };
}

/** A plan of the actor's region subtree (404 otherwise); only the plan's own region's supervisors edit it. */
async function loadPlan(ctx: AppContext, actor: Actor, id: string) {
  const found = await repo.findPlanWithRegion(ctx.db, id);
  if (!found || !(await isRegionWithin(ctx.db, found.plan.regionCode, actor.regionCode)))
    throw new AppError('NOT_FOUND');
  return found;
}

export async function getPlan(ctx: AppContext, actor: Actor, id: string): Promise<PlanView> {
  const { plan, regionName } = await loadPlan(ctx, actor, id);
  const rows = await repo.listItems(ctx.db, id);
  const items: PlanItemView[] = rows.map((r) => {
    const planned = Number(r.item.plannedAmount);
    const paid = Number(r.paid);
    const estimate = num(r.totalInvestment);
    const budget = num(r.item.approvedBudget);
    return {
      id: r.item.id,
      projectId: r.item.projectId,
      projectName: r.projectName,
      projectCode: r.projectCode,
      fundSource: r.item.fundSource,
      plannedAmount: planned,
      paidAmount: paid,
      executionRate: rate(paid, planned),
      lastPaidOn: r.lastPaidOn,
      estimate,
      approvedBudget: budget,
      budgetOverrun: budget !== null && estimate !== null && budget > estimate * BUDGET_OVERRUN_FACTOR,
      note: r.item.note,
    };
  });
  const sum = (list: PlanItemView[], f: (i: PlanItemView) => number) => list.reduce((a, i) => a + f(i), 0);
  const sources = [...new Set(items.map((i) => i.fundSource))];
  const planned = sum(items, (i) => i.plannedAmount);
  const paid = sum(items, (i) => i.paidAmount);
  return {
    id: plan.id,
    regionCode: plan.regionCode,
    regionName,
    year: plan.year,
    name: plan.name,
    status: plan.status,
    publishedAt: plan.publishedAt?.toISOString() ?? null,
    canEdit: actor.regionCode === plan.regionCode,
    items,
    totals: { planned, paid, executionRate: rate(paid, planned) },
    bySource: sources.map((fundSource) => {
      const of = items.filter((i) => i.fundSource === fundSource);
      const p = sum(of, (i) => i.plannedAmount);
      const d = sum(of, (i) => i.paidAmount);
      return { fundSource, planned: p, paid: d, executionRate: rate(d, p) };
    }),
  };
}

export async function createPlan(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { year: number; name: string },
): Promise<PlanView> {
  const name = input.name.trim();
  if (!name) throw AppError.invalidField('name', '请填写计划名称', 'name is required');
  if (await repo.findPlanOfYear(ctx.db, actor.regionCode, input.year)) {
    throw new AppError('CONFLICT', {
      message: `本区划 ${input.year} 年度计划已存在`,
      messageEn: `The region already has a plan for ${input.year}`,
    });
  }
  const plan = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertPlan(tx, {
      regionCode: actor.regionCode,
      year: input.year,
      name,
      createdBy: actor.id,
      createdAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'plan.created',
      targetType: 'investment_plan',
      targetId: row.id,
      after: { regionCode: row.regionCode, year: row.year, name },
    });
    return row;
  });
  return getPlan(ctx, actor, plan.id);
}

/** The plan, editable by the actor (its own region's supervisor), else 403 / 404. */
async function loadEditablePlan(ctx: AppContext, actor: Actor, id: string) {
  const { plan } = await loadPlan(ctx, actor, id);
  if (actor.regionCode !== plan.regionCode) {
    throw new AppError('FORBIDDEN', {
      message: '只能编制本级区划的年度计划',
      messageEn: 'Only the plan of your own region can be edited',
    });
  }
  return plan;
}

export interface ItemInput {
  projectCode: string;
  fundSource: PlanFundSource;
  plannedAmount: number;
  approvedBudget?: number | undefined;
  note: string;
}

export async function addItem(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  planId: string,
  input: ItemInput,
): Promise<PlanView> {
  const plan = await loadEditablePlan(ctx, actor, planId);
  const project = await repo.findProjectByCode(ctx.db, input.projectCode.trim());
  if (!project?.regionCode || !(await isRegionWithin(ctx.db, project.regionCode, plan.regionCode))) {
    throw AppError.invalidField('projectCode', '本区划内无此项目代码', 'no project with this code in the region');
  }
  // 条例712 governs government investment: a plan lists government-investment projects that have their code.
  if (project.investmentNature !== 'government') {
    throw AppError.invalidField(
      'projectCode',
      '年度计划只安排政府投资项目',
      'only government-investment projects are planned',
    );
  }
  if (project.status !== 'coded' && project.status !== 'filed') {
    throw AppError.invalidField('projectCode', '项目已撤销或未赋码', 'the project is withdrawn or has no code');
  }
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockPlan(tx, planId);
    if (locked?.status !== 'draft') {
      throw new AppError('CONFLICT', { message: '计划已下达，不能增加项目', messageEn: 'The plan is published' });
    }
    if (await repo.findItemLine(tx, planId, project.id, input.fundSource)) {
      throw new AppError('CONFLICT', {
        message: '该项目的这一资金来源已在计划中',
        messageEn: 'This project already has a line for this fund source',
      });
    }
    const item = await repo.insertItem(tx, {
      planId,
      projectId: project.id,
      fundSource: input.fundSource,
      plannedAmount: wan(input.plannedAmount),
      approvedBudget: input.approvedBudget === undefined ? null : wan(input.approvedBudget),
      note: input.note.trim(),
      createdAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'plan.item_added',
      targetType: 'investment_plan',
      targetId: planId,
      after: {
        itemId: item.id,
        projectId: project.id,
        fundSource: item.fundSource,
        plannedAmount: item.plannedAmount,
        approvedBudget: item.approvedBudget,
      },
    });
  });
  return getPlan(ctx, actor, planId);
}

export async function publishPlan(ctx: AppContext, actor: Actor, audit: AuditContext, planId: string) {
  await loadEditablePlan(ctx, actor, planId);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockPlan(tx, planId);
    if (locked?.status !== 'draft') {
      throw new AppError('CONFLICT', { message: '计划已下达', messageEn: 'The plan was already published' });
    }
    await repo.publishPlan(tx, planId, ctx.clock.now());
    await recordAudit({
      action: 'plan.published',
      targetType: 'investment_plan',
      targetId: planId,
      before: { status: 'draft' },
      after: { status: 'published' },
    });
  });
  return getPlan(ctx, actor, planId);
}

/**
 * A payment against a line of a published plan, within its year and not after today; what is paid in all may not
 * exceed the line's planned amount (条例712: funds are paid according to the plan and the budget).
 */
export async function recordDisbursement(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  itemId: string,
  input: { paidOn: string; amount: number; note: string },
): Promise<PlanView> {
  const item = await repo.findItem(ctx.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  const plan = await loadEditablePlan(ctx, actor, item.planId);
  const today = shanghaiCivilDate(ctx.clock.now().getTime());
  if (input.paidOn > today || !input.paidOn.startsWith(`${plan.year}-`)) {
    throw AppError.invalidField(
      'paidOn',
      `拨付日期须在 ${plan.year} 年内且不晚于今天`,
      `the date must be within ${plan.year} and not after today`,
    );
  }
  if (plan.status !== 'published') {
    throw new AppError('CONFLICT', { message: '计划下达后才能登记拨付', messageEn: 'Publish the plan first' });
  }
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockItem(tx, itemId);
    const paid = Number(await repo.paidOnItem(tx, itemId));
    const planned = Number(locked!.plannedAmount);
    if (paid + input.amount > planned + 1e-9) {
      throw AppError.invalidField(
        'amount',
        `超出年度计划：计划 ${planned} 万元，已拨付 ${paid} 万元`,
        `exceeds the plan: ${planned} planned, ${paid} paid`,
      );
    }
    const row = await repo.insertDisbursement(tx, {
      itemId,
      paidOn: input.paidOn,
      amount: wan(input.amount),
      note: input.note.trim(),
      recordedBy: actor.id,
      recordedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'plan.disbursement_recorded',
      targetType: 'investment_plan',
      targetId: plan.id,
      after: { itemId, disbursementId: row.id, paidOn: row.paidOn, amount: row.amount },
    });
  });
  return getPlan(ctx, actor, plan.id);
}
