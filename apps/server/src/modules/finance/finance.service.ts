/**
 * 金融广场 (PRODUCT 11): banks publish loan products (classified on publication), project units publish financing needs
 * for a project with their consent that banks may see its approval status as the platform holds it (verified, not
 * declared), banks of the project's region answer with offers, and the unit accepts one — the others are declined.
 * Every change is one audited transaction; the other side is notified in it.
 */
import type { Tx } from '../../db/database.ts';
import type { LoanProductCategory } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { loadCurrentCatalogue } from '../catalogue/catalogue.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { isRegionWithin, regionPathOf } from '../organisations/organisations.service.ts';
import { applicantSideUserIds, loadOwnedProject } from '../projects/projects.service.ts';
import * as repo from './finance.repository.ts';

const toNumber = (v: string) => Number(v);
const wan = (n: number) => n.toFixed(2);

// ── Classification ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The category of a product from its name and description: the words banks use for each kind of credit. A heuristic
 * (first match in this order), shown to the bank when it publishes, so a wrong guess is visible at once.
 */
const CATEGORY_WORDS: readonly [LoanProductCategory, RegExp][] = [
  ['greenCredit', /绿色|节能|减排|碳|光伏|风电|新能源|环保|green|carbon|solar|renewable/i],
  ['techCredit', /科技|科创|专利|知识产权|高新|研发|tech|patent|innovation/i],
  ['projectLoan', /项目贷|固定资产|基本建设|技术改造|技改|建设贷|银团|project loan|fixed.?asset|syndicat/i],
  ['workingCapital', /流动资金|周转|经营贷|供应链|订单|应收|working capital|revolving|supply chain/i],
];

export function classifyProduct(text: string): LoanProductCategory {
  return CATEGORY_WORDS.find(([, words]) => words.test(text))?.[0] ?? 'other';
}

// ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ProductView {
  id: string;
  bankName: string;
  name: string;
  category: LoanProductCategory;
  minAmount: number;
  maxAmount: number;
  maxTermMonths: number;
  rateText: string;
  industries: string[];
  description: string;
  status: 'active' | 'withdrawn';
  createdAt: string;
}

function productView(row: { product: repo.ProductRow; bankName: string }): ProductView {
  const p = row.product;
  return {
    id: p.id,
    bankName: row.bankName,
    name: p.name,
    category: p.category,
    minAmount: toNumber(p.minAmount),
    maxAmount: toNumber(p.maxAmount),
    maxTermMonths: p.maxTermMonths,
    rateText: p.rateText,
    industries: p.industries,
    description: p.description,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
  };
}

export interface OfferView {
  id: string;
  bankName: string;
  productName: string | null;
  amount: number;
  termMonths: number;
  rateText: string;
  message: string;
  status: 'offered' | 'accepted' | 'declined';
  createdAt: string;
  decidedAt: string | null;
}

function offerView(row: { offer: repo.OfferRow; bankName: string; productName: string | null }): OfferView {
  const o = row.offer;
  return {
    id: o.id,
    bankName: row.bankName,
    productName: row.productName,
    amount: toNumber(o.amount),
    termMonths: o.termMonths,
    rateText: o.rateText,
    message: o.message,
    status: o.status,
    createdAt: o.createdAt.toISOString(),
    decidedAt: o.decidedAt?.toISOString() ?? null,
  };
}

export interface NeedView {
  id: string;
  projectId: string;
  amount: number;
  termMonths: number;
  purpose: string;
  status: 'open' | 'matched' | 'closed';
  consentAt: string;
  createdAt: string;
  offers: OfferView[];
}

const needView = (need: repo.NeedRow, offers: OfferView[]): NeedView => ({
  id: need.id,
  projectId: need.projectId,
  amount: toNumber(need.amount),
  termMonths: need.termMonths,
  purpose: need.purpose,
  status: need.status,
  consentAt: need.consentAt.toISOString(),
  createdAt: need.createdAt.toISOString(),
  offers,
});

// ── Bank: products ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface ProductInput {
  name: string;
  minAmount: number;
  maxAmount: number;
  maxTermMonths: number;
  rateText: string;
  industries?: string[] | undefined;
  description: string;
}

export async function publishProduct(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: ProductInput,
): Promise<ProductView> {
  const name = input.name.trim();
  const description = input.description.trim();
  const rateText = input.rateText.trim();
  const problems = [
    ...(name ? [] : [{ field: 'name', message: '请填写产品名称', messageEn: 'name is required' }]),
    ...(rateText ? [] : [{ field: 'rateText', message: '请填写利率说明', messageEn: 'rateText is required' }]),
    ...(input.maxAmount < input.minAmount
      ? [{ field: 'maxAmount', message: '最高额度不能低于最低额度', messageEn: 'maxAmount is below minAmount' }]
      : []),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const industries = [...new Set(input.industries ?? [])].sort();
  const category = classifyProduct(`${name} ${description}`);
  const now = ctx.clock.now();
  const product = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertProduct(tx, {
      bankUserId: actor.id,
      name,
      category,
      minAmount: wan(input.minAmount),
      maxAmount: wan(input.maxAmount),
      maxTermMonths: input.maxTermMonths,
      rateText,
      industries,
      description,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit({
      action: 'finance.product_published',
      targetType: 'loan_product',
      targetId: row.id,
      after: { name, category, minAmount: row.minAmount, maxAmount: row.maxAmount, industries },
    });
    return row;
  });
  return productView({ product, bankName: actor.displayName });
}

export async function withdrawProduct(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<ProductView> {
  const existing = await repo.findProduct(ctx.db, id);
  if (!existing || existing.bankUserId !== actor.id) throw new AppError('NOT_FOUND');
  const product = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.withdrawProduct(tx, id, ctx.clock.now());
    if (!row)
      throw new AppError('CONFLICT', { message: '该产品已下架', messageEn: 'The product was already withdrawn' });
    await recordAudit({
      action: 'finance.product_withdrawn',
      targetType: 'loan_product',
      targetId: id,
      before: { status: 'active' },
      after: { status: 'withdrawn' },
    });
    return row;
  });
  return productView({ product, bankName: actor.displayName });
}

export async function listOwnProducts(ctx: AppContext, actor: Actor): Promise<{ items: ProductView[] }> {
  return { items: (await repo.listBankProducts(ctx.db, actor.id)).map(productView) };
}

/** The active products any signed-in user may browse; `industry` (门类 letter) keeps those serving it. */
export async function listProducts(ctx: AppContext, query: { industry?: string | undefined }) {
  return { items: (await repo.listActiveProducts(ctx.db, query.industry ?? null, 200)).map(productView) };
}

// ── Project unit: needs ──────────────────────────────────────────────────────────────────────────────────────────────

export interface NeedInput {
  amount: number;
  termMonths: number;
  purpose: string;
  /** The unit agrees that banks of the region may see the project's approval status with the need. */
  consent: boolean;
}

export async function publishNeed(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: NeedInput,
): Promise<{ items: NeedView[] }> {
  const project = await loadOwnedProject(ctx, actor, projectId);
  if (project.status !== 'coded' && project.status !== 'filed') {
    throw new AppError('CONFLICT', {
      message: '项目赋码后才能发布融资需求',
      messageEn: 'A financing need can be published once the project has its code',
    });
  }
  const purpose = input.purpose.trim();
  const problems = [
    ...(input.consent
      ? []
      : [
          {
            field: 'consent',
            message: '发布融资需求须同意向金融机构共享项目审批信息',
            messageEn: 'Publishing needs your consent to share the project’s approval status with banks',
          },
        ]),
    ...(purpose ? [] : [{ field: 'purpose', message: '请填写资金用途', messageEn: 'purpose is required' }]),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const open = (await repo.listProjectNeeds(tx, projectId)).find((n) => n.status === 'open');
    if (open) {
      throw new AppError('CONFLICT', {
        message: '该项目已有一条对接中的融资需求，请先关闭或完成对接',
        messageEn: 'The project already has an open financing need; close it first',
      });
    }
    const need = await repo.insertNeed(tx, {
      projectId,
      enterpriseId: project.enterpriseId,
      regionCode: project.regionCode!,
      amount: wan(input.amount),
      termMonths: input.termMonths,
      purpose,
      consentAt: now,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit({
      action: 'finance.need_published',
      targetType: 'financing_need',
      targetId: need.id,
      after: { projectId, amount: need.amount, termMonths: need.termMonths, consentAt: now.toISOString() },
    });
  });
  return listNeedsOfProject(ctx, actor, projectId);
}

export async function listNeedsOfProject(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
): Promise<{ items: NeedView[] }> {
  await loadOwnedProject(ctx, actor, projectId);
  const needs = await repo.listProjectNeeds(ctx.db, projectId);
  const offers = await repo.listOffersOfNeeds(
    ctx.db,
    needs.map((n) => n.id),
  );
  return {
    items: needs.map((n) => needView(n, offers.filter((o) => o.offer.needId === n.id).map(offerView))),
  };
}

/** The need, its project the actor's own (404 otherwise). */
async function loadOwnNeed(ctx: AppContext, actor: Actor, needId: string): Promise<repo.NeedRow> {
  const need = await repo.findNeed(ctx.db, needId);
  if (!need) throw new AppError('NOT_FOUND');
  await loadOwnedProject(ctx, actor, need.projectId);
  return need;
}

export async function closeNeed(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  needId: string,
): Promise<{ items: NeedView[] }> {
  const need = await loadOwnNeed(ctx, actor, needId);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockNeed(tx, needId);
    if (locked?.status !== 'open') throw needNotOpen();
    const now = ctx.clock.now();
    await repo.updateNeedStatus(tx, needId, 'closed', now);
    const declined = await repo.declineOpenOffers(tx, needId, null, now);
    await recordAudit({
      action: 'finance.need_closed',
      targetType: 'financing_need',
      targetId: needId,
      before: { status: 'open' },
      after: { status: 'closed', offersDeclined: declined.length },
    });
    await tellDeclined(
      tx,
      ctx,
      declined,
      locked.amount,
      '项目单位已关闭该融资需求',
      'the project unit closed the need',
    );
  });
  return listNeedsOfProject(ctx, actor, need.projectId);
}

const needNotOpen = () =>
  new AppError('CONFLICT', { message: '该融资需求已对接或已关闭', messageEn: 'The financing need is no longer open' });

/** The unit accepts one offer: the need is matched, every other open offer declined; the banks are told. */
export async function decideOffer(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  offerId: string,
  decision: 'accepted' | 'declined',
): Promise<{ items: NeedView[] }> {
  const found = await findOfferForOwner(ctx, actor, offerId);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const need = await repo.lockNeed(tx, found.needId);
    const locked = await repo.lockOffer(tx, offerId);
    if (need?.status !== 'open') throw needNotOpen();
    if (locked?.status !== 'offered') {
      throw new AppError('CONFLICT', { message: '该意向已处理', messageEn: 'The offer was already decided' });
    }
    const now = ctx.clock.now();
    await repo.decideOffer(tx, offerId, decision, now);
    const declined = decision === 'accepted' ? await repo.declineOpenOffers(tx, need.id, offerId, now) : [];
    if (decision === 'accepted') await repo.updateNeedStatus(tx, need.id, 'matched', now);
    await recordAudit({
      action: decision === 'accepted' ? 'finance.offer_accepted' : 'finance.offer_declined',
      targetType: 'financing_offer',
      targetId: offerId,
      before: { status: 'offered' },
      after: { status: decision, needId: need.id, othersDeclined: declined.length },
    });
    await notify(tx, ctx, {
      userIds: [locked.bankUserId],
      kind: decision === 'accepted' ? 'finance.offer_accepted' : 'finance.offer_declined',
      title: decision === 'accepted' ? '融资意向已被项目单位接受' : '融资意向未被采纳',
      titleEn: decision === 'accepted' ? 'Your financing offer was accepted' : 'Your financing offer was declined',
      body:
        decision === 'accepted'
          ? `项目单位接受了您对融资需求（${need.amount} 万元）的意向，请与项目单位联系办理后续手续。`
          : `项目单位未采纳您对融资需求（${need.amount} 万元）的意向。`,
      bodyEn:
        decision === 'accepted'
          ? `The project unit accepted your offer on its need of ${need.amount} (10k yuan); contact it for the next steps.`
          : `The project unit declined your offer on its need of ${need.amount} (10k yuan).`,
      link: '/finance',
    });
    await tellDeclined(
      tx,
      ctx,
      declined,
      need.amount,
      '项目单位已接受其他金融机构的意向',
      'the project unit accepted another bank’s offer',
    );
  });
  return listNeedsOfProject(ctx, actor, found.projectId);
}

/** The banks whose open offers ended with the need (matched elsewhere, or closed) are told why. */
async function tellDeclined(
  tx: Tx,
  ctx: AppContext,
  declined: { bankUserId: string }[],
  amount: string,
  why: string,
  whyEn: string,
): Promise<void> {
  if (declined.length === 0) return;
  await notify(tx, ctx, {
    userIds: declined.map((d) => d.bankUserId),
    kind: 'finance.offer_declined',
    title: '融资意向已结束',
    titleEn: 'Your financing offer ended',
    body: `${why}，您对融资需求（${amount} 万元）的意向已结束。`,
    bodyEn: `Your offer on the need of ${amount} (10k yuan) ended: ${whyEn}.`,
    link: '/finance',
  });
}

/** An offer on a need of the actor's own project (404 otherwise). */
async function findOfferForOwner(ctx: AppContext, actor: Actor, offerId: string) {
  const row = await repo.findOffer(ctx.db, offerId);
  if (!row) throw new AppError('NOT_FOUND');
  const need = await loadOwnNeed(ctx, actor, row.needId);
  return { needId: need.id, projectId: need.projectId };
}

// ── Bank: needs and offers ───────────────────────────────────────────────────────────────────────────────────────────

export interface NeedForBank {
  id: string;
  amount: number;
  termMonths: number;
  purpose: string;
  createdAt: string;
  project: {
    name: string;
    code: string | null;
    status: string;
    procedure: string | null;
    industryCode: string | null;
    totalInvestment: number | null;
    regionName: string;
    /** The licences the platform holds for it (unrevoked): the verified approval status the unit consented to share. */
    licences: { code: string; name: string }[];
    constructionStatus: string | null;
    percentComplete: number | null;
  };
  myOffer: { id: string; status: string; amount: number } | null;
}

async function bankRegionPath(ctx: AppContext, actor: Actor): Promise<string> {
  const path = await regionPathOf(ctx.db, actor.regionCode);
  if (!path) throw new AppError('NOT_FOUND', { message: '辖区不存在', messageEn: 'Your region does not exist' });
  return path;
}

export async function listNeedsForBank(
  ctx: AppContext,
  actor: Actor,
  query: { industry?: string | undefined; maxAmount?: number | undefined; page: number; pageSize: number },
): Promise<{ items: NeedForBank[]; total: number }> {
  const path = await bankRegionPath(ctx, actor);
  const { items, total } = await repo.listOpenNeedsInScope(
    ctx.db,
    path,
    { industry: query.industry, maxAmount: query.maxAmount },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const projectIds = items.map((i) => i.need.projectId);
  const [held, mine, catalogue] = await Promise.all([
    repo.heldLicenceTypes(ctx.db, projectIds),
    repo.listBankOffersOn(
      ctx.db,
      actor.id,
      items.map((i) => i.need.id),
    ),
    loadCurrentCatalogue(ctx).catch(() => null),
  ]);
  const typeName = (code: string) => catalogue?.catalogue.licenceTypes.find((t) => t.code === code)?.name ?? code;
  return {
    total,
    items: items.map((i) => {
      const offer = mine.find((o) => o.needId === i.need.id && o.status !== 'declined') ?? null;
      return {
        id: i.need.id,
        amount: toNumber(i.need.amount),
        termMonths: i.need.termMonths,
        purpose: i.need.purpose,
        createdAt: i.need.createdAt.toISOString(),
        project: {
          name: i.projectName,
          code: i.projectCode,
          status: i.projectStatus,
          procedure: i.procedure,
          industryCode: i.industryCode,
          totalInvestment: i.totalInvestment === null ? null : toNumber(i.totalInvestment),
          regionName: i.regionName,
          // A 备案 is complete when filed (条例673 art.13): its 备案证明 is printed from the project, not a licence row.
          licences: [
            ...(i.projectStatus === 'filed' ? [{ code: 'filingCertificate', name: '企业投资项目备案证明' }] : []),
            ...held
              .filter((h) => h.projectId === i.need.projectId)
              .map((h) => ({ code: h.licenceType, name: typeName(h.licenceType) })),
          ],
          constructionStatus: i.constructionStatus,
          percentComplete: i.percentComplete,
        },
        myOffer: offer ? { id: offer.id, status: offer.status, amount: toNumber(offer.amount) } : null,
      };
    }),
  };
}

export interface BankOfferView {
  id: string;
  amount: number;
  termMonths: number;
  rateText: string;
  status: 'offered' | 'accepted' | 'declined';
  createdAt: string;
  decidedAt: string | null;
  need: { amount: number; status: 'open' | 'matched' | 'closed' };
  project: { name: string; code: string | null };
  /** The unit, named once it accepted this offer (its contact person to ask for); null before. */
  enterprise: { name: string; contactName: string | null } | null;
}

/** 我的意向: the bank's offers and where each stands; the unit is named once it accepted. */
export async function listOwnOffers(ctx: AppContext, actor: Actor): Promise<{ items: BankOfferView[] }> {
  const rows = await repo.listBankOffers(ctx.db, actor.id);
  return {
    items: rows.map((r) => ({
      id: r.offer.id,
      amount: toNumber(r.offer.amount),
      termMonths: r.offer.termMonths,
      rateText: r.offer.rateText,
      status: r.offer.status,
      createdAt: r.offer.createdAt.toISOString(),
      decidedAt: r.offer.decidedAt?.toISOString() ?? null,
      need: { amount: toNumber(r.needAmount), status: r.needStatus },
      project: { name: r.projectName, code: r.projectCode },
      enterprise: r.offer.status === 'accepted' ? { name: r.enterpriseName, contactName: r.contactName } : null,
    })),
  };
}

export interface OfferInput {
  productId?: string | undefined;
  amount: number;
  termMonths: number;
  rateText: string;
  message: string;
}

export async function makeOffer(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  needId: string,
  input: OfferInput,
): Promise<{ id: string; status: string }> {
  const need = await repo.findNeed(ctx.db, needId);
  // A need outside the bank's region subtree is as if it did not exist.
  if (!need || !(await isRegionWithin(ctx.db, need.regionCode, actor.regionCode))) throw new AppError('NOT_FOUND');
  if (input.productId) {
    const product = await repo.findProduct(ctx.db, input.productId);
    if (!product || product.bankUserId !== actor.id || product.status !== 'active') {
      throw AppError.invalidField('productId', '产品不存在或已下架', 'no such active product of yours');
    }
  }
  const rateText = input.rateText.trim();
  const message = input.message.trim();
  if (!rateText) throw AppError.invalidField('rateText', '请填写利率', 'rateText is required');
  const offer = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockNeed(tx, needId);
    if (locked?.status !== 'open') throw needNotOpen();
    if (await repo.findLiveOffer(tx, needId, actor.id)) {
      throw new AppError('CONFLICT', {
        message: '您已对该需求提出意向',
        messageEn: 'You already made an offer on this need',
      });
    }
    const row = await repo.insertOffer(tx, {
      needId,
      bankUserId: actor.id,
      productId: input.productId ?? null,
      amount: wan(input.amount),
      termMonths: input.termMonths,
      rateText,
      message,
      createdAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'finance.offer_made',
      targetType: 'financing_offer',
      targetId: row.id,
      after: { needId, amount: row.amount, termMonths: row.termMonths, rateText, productId: row.productId },
    });
    await notify(tx, ctx, {
      userIds: await applicantSideUserIds(tx, locked.projectId),
      kind: 'finance.offer_received',
      title: `收到融资意向：${actor.displayName}`,
      titleEn: `Financing offer from ${actor.displayName}`,
      body: `${actor.displayName} 对您的融资需求提出意向：${row.amount} 万元，${row.termMonths} 个月，利率 ${rateText}。${message}`,
      bodyEn: `${actor.displayName} offers ${row.amount} (10k yuan) for ${row.termMonths} months at ${rateText}. ${message}`,
      link: `/projects/${locked.projectId}#financing`,
      channels: ['sms'],
    });
    return row;
  });
  return { id: offer.id, status: offer.status };
}
