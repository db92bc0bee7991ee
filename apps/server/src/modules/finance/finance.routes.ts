import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import {
  FINANCING_NEED_STATUSES,
  FINANCING_OFFER_STATUSES,
  LOAN_PRODUCT_CATEGORIES,
  LOAN_PRODUCT_STATUSES,
} from '../../db/schema/index.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, PageQuery, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { financePolicy as policy } from './finance.policy.ts';
import * as service from './finance.service.ts';

const tags = ['finance'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description: string) => Type.Enum([...values], { description });
const Wan = (description: string) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: 999_999_999_999,
    multipleOf: 0.01,
    description: `${description}（万元）`,
  });
const Months = (description: string) => Type.Integer({ minimum: 1, maximum: 360, description: `${description}（月）` });
const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });
const IndustrySection = Type.String({ pattern: '^[A-T]$', description: 'GB/T 4754 门类字母' });

const ProductSchema = Type.Object({
  id: Uuid,
  bankName: Type.String(),
  name: Type.String(),
  category: Enum(LOAN_PRODUCT_CATEGORIES, '自动归类：项目贷款 / 流动资金 / 绿色信贷 / 科技信贷 / 其他'),
  minAmount: Type.Number(),
  maxAmount: Type.Number(),
  maxTermMonths: Type.Integer(),
  rateText: Type.String(),
  industries: Type.Array(Type.String(), { description: '适用行业门类，空为不限' }),
  description: Type.String(),
  status: Enum(LOAN_PRODUCT_STATUSES, 'active 在架 / withdrawn 已下架'),
  createdAt: Type.String({ format: 'date-time' }),
});
const ProductList = Type.Object({ items: Type.Array(ProductSchema) });

const ProductBody = Type.Object(
  {
    name: Text(100, '产品名称'),
    minAmount: Wan('最低额度'),
    maxAmount: Wan('最高额度'),
    maxTermMonths: Months('最长期限'),
    rateText: Text(100, '利率说明，如 LPR+0.35%'),
    industries: Type.Optional(Type.Array(IndustrySection, { maxItems: 20, uniqueItems: true })),
    description: Text(2000, '产品说明（用于自动归类）'),
  },
  { additionalProperties: false },
);

const OfferSchema = Type.Object({
  id: Uuid,
  bankName: Type.String(),
  productName: Nullable(Type.String()),
  amount: Type.Number(),
  termMonths: Type.Integer(),
  rateText: Type.String(),
  message: Type.String(),
  status: Enum(FINANCING_OFFER_STATUSES, 'offered 待回复 / accepted 已接受 / declined 未采纳或已结束'),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
});
const NeedSchema = Type.Object({
  id: Uuid,
  projectId: Uuid,
  amount: Type.Number(),
  termMonths: Type.Integer(),
  purpose: Type.String(),
  status: Enum(FINANCING_NEED_STATUSES, 'open 对接中 / matched 已对接 / closed 已关闭'),
  consentAt: Type.String({ format: 'date-time', description: '项目单位同意共享项目审批信息的时间' }),
  createdAt: Type.String({ format: 'date-time' }),
  offers: Type.Array(OfferSchema),
});
const NeedList = Type.Object({ items: Type.Array(NeedSchema) });

const NeedBody = Type.Object(
  {
    amount: Wan('融资金额'),
    termMonths: Months('期限'),
    purpose: Text(1000, '资金用途'),
    consent: Type.Boolean({ description: '同意向本区划金融机构共享本项目在平台上的审批信息（须为 true）' }),
  },
  { additionalProperties: false },
);

const NeedForBankSchema = Type.Object({
  id: Uuid,
  amount: Type.Number(),
  termMonths: Type.Integer(),
  purpose: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  project: Type.Object({
    name: Type.String(),
    code: Nullable(Type.String()),
    status: Type.String(),
    procedure: Nullable(Type.String()),
    industryCode: Nullable(Type.String()),
    totalInvestment: Nullable(Type.Number()),
    regionName: Type.String(),
    licences: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
      description: '平台上持有的有效电子证照类型（经授权共享的审批进展）',
    }),
    constructionStatus: Nullable(Type.String()),
    percentComplete: Nullable(Type.Integer()),
  }),
  myOffer: Nullable(Type.Object({ id: Uuid, status: Type.String(), amount: Type.Number() })),
});

const OfferBody = Type.Object(
  {
    productId: Type.Optional(Uuid),
    amount: Wan('意向金额'),
    termMonths: Months('期限'),
    rateText: Text(100, '利率'),
    message: Text(1000, '说明（联系人、办理要求等）'),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Uuid });

export const financeRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/finance/products',
    {
      config: { policy: policy.browseProducts },
      schema: {
        tags,
        summary: '在架金融产品 / Active loan products',
        description:
          '所有登录用户可浏览；industry（门类字母）只列适用该行业（或不限行业）的产品。最新在前，至多 200 个。',
        querystring: Type.Object({ industry: Type.Optional(IndustrySection) }, { additionalProperties: false }),
        response: { 200: ProductList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.listProducts(ctx, request.query),
  );

  app.get(
    '/api/finance/products/mine',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '本机构的金融产品 / My products',
        response: { 200: ProductList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.listOwnProducts(ctx, request.actor!),
  );

  app.post(
    '/api/finance/products',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '发布金融产品 / Publish a loan product',
        description: '按名称和说明自动归类（项目贷款、流动资金、绿色信贷、科技信贷、其他）。',
        body: ProductBody,
        response: { 200: ProductSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.publishProduct(ctx, request.actor!, auditContextOf(request), request.body),
  );

  app.post(
    '/api/finance/products/:id/withdraw',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '下架金融产品 / Withdraw a product',
        params: IdParams,
        response: { 200: ProductSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.withdrawProduct(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.get(
    '/api/finance/needs',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '本辖区对接中的融资需求 / Open financing needs',
        description:
          '本机构辖区（含下级）内对接中的融资需求，附项目单位授权共享的项目信息：项目名称、代码、行业、总投资、管理方式、' +
          '平台上持有的电子证照类型和建设状态。industry 为行业代码前缀（门类字母或更细）。',
        querystring: Type.Object(
          {
            ...PageQuery,
            industry: Type.Optional(Type.String({ pattern: '^[A-T]\\d{0,4}$' })),
            maxAmount: Type.Optional(Wan('金额上限')),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(NeedForBankSchema), total: Type.Integer() }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.listNeedsForBank(ctx, request.actor!, request.query),
  );

  app.post(
    '/api/finance/needs/:id/offers',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '提出融资意向 / Make an offer',
        description: '每家机构对一条需求至多一条有效意向（409）；需求已对接或关闭返回 409。项目单位即时收到通知。',
        params: IdParams,
        body: OfferBody,
        response: { 200: Type.Object({ id: Uuid, status: Type.String() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.makeOffer(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/finance/offers/mine',
    {
      config: { policy: policy.bank },
      schema: {
        tags,
        summary: '本机构的融资意向 / My offers',
        description: '最新在前，至多 500 条；项目单位接受后显示其名称和联系人。',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Uuid,
                amount: Type.Number(),
                termMonths: Type.Integer(),
                rateText: Type.String(),
                status: Enum(FINANCING_OFFER_STATUSES, 'offered 待回复 / accepted 已接受 / declined 未采纳或已结束'),
                createdAt: Type.String({ format: 'date-time' }),
                decidedAt: Nullable(Type.String({ format: 'date-time' })),
                need: Type.Object({
                  amount: Type.Number(),
                  status: Enum(FINANCING_NEED_STATUSES, 'open / matched / closed'),
                }),
                project: Type.Object({ name: Type.String(), code: Nullable(Type.String()) }),
                enterprise: Nullable(Type.Object({ name: Type.String(), contactName: Nullable(Type.String()) })),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => service.listOwnOffers(ctx, request.actor!),
  );

  app.get(
    '/api/projects/:id/financing-needs',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '项目的融资需求 / Financing needs of a project',
        description: '仅项目单位及其代办可见，附各金融机构的意向。',
        params: IdParams,
        response: { 200: NeedList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.listNeedsOfProject(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/projects/:id/financing-needs',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '发布融资需求 / Publish a financing need',
        description:
          '须 consent=true：同意本区划金融机构查看本项目在平台上的审批信息（证照、建设状态）。每个项目同时至多一条对接中的需求（409）。',
        params: IdParams,
        body: NeedBody,
        response: { 200: NeedList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.publishNeed(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/financing-needs/:id/close',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '关闭融资需求 / Close a financing need',
        description: '未处理的意向随之结束，相关机构收到通知。',
        params: IdParams,
        response: { 200: NeedList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.closeNeed(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  for (const [path, decision, summary] of [
    ['accept', 'accepted', '接受融资意向 / Accept an offer'],
    ['decline', 'declined', '不采纳融资意向 / Decline an offer'],
  ] as const) {
    app.post(
      `/api/financing-offers/:id/${path}`,
      {
        config: { policy: policy.owner },
        schema: {
          tags,
          summary,
          description:
            decision === 'accepted'
              ? '需求转为已对接，其他未处理的意向结束；各机构收到通知。'
              : '该机构收到通知；需求仍对接中。',
          params: IdParams,
          response: { 200: NeedList, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => service.decideOffer(ctx, request.actor!, auditContextOf(request), request.params.id, decision),
    );
  }
};
