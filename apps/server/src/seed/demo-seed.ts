import { shanghaiCivilDate } from '@yiwang/domain';
import { count, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../lib/actor.ts';
import type { AppContext } from '../lib/app-context.ts';
import { fieldEncryptorFor } from '../lib/field-encryption.ts';
import {
  enterpriseAgents,
  creditGrades,
  enterprises,
  departments,
  regions,
  users,
  type DepartmentStep,
  type Role,
} from '../db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../modules/audit/audit.service.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { DEPARTMENT_KINDS, type DepartmentKind } from '../modules/organisations/organisations.service.ts';
import { createProject, submitProject } from '../modules/projects/projects.service.ts';
import { ensureDefaultCatalogue } from '../modules/catalogue/catalogue.service.ts';
import { submitReport } from '../modules/construction/construction.service.ts';
import { publishNeed, publishProduct } from '../modules/finance/finance.service.ts';
import { publishService } from '../modules/intermediary/intermediary.service.ts';

/**
 * Demo data for `npm start` on an empty data directory: a province, a city, two counties and a functional zone
 * (330354 温州生态园, a real platform-assigned zone code seen in project codes), their departments, and one account per
 * role whose username is the role name. Never runs in production (main.ts refuses).
 */
export const DEMO_REGIONS = [
  { code: '330000', name: '浙江省', parentCode: null, level: 'province', path: '330000' },
  { code: '330300', name: '温州市', parentCode: '330000', level: 'city', path: '330000/330300' },
  { code: '330302', name: '鹿城区', parentCode: '330300', level: 'county', path: '330000/330300/330302' },
  { code: '330304', name: '瓯海区', parentCode: '330300', level: 'county', path: '330000/330300/330304' },
  { code: '330354', name: '温州生态园', parentCode: '330300', level: 'zone', path: '330000/330300/330354' },
] as const;

const DEPARTMENT_CODES: Record<Exclude<DepartmentKind, 'finance' | 'other'>, string> = {
  ndrc: 'fgw',
  naturalResources: 'zrzy',
  housing: 'zjj',
  ecology: 'sthj',
  water: 'slj',
  civilAirDefence: 'rfb',
  fireRescue: 'xfjy',
  approvalService: 'xzsp',
};

/** Which departments each demo region has: full sets in the city and counties, a lean administration in the zone. */
function departmentsFor(region: (typeof DEMO_REGIONS)[number]) {
  const kinds: (keyof typeof DEPARTMENT_CODES)[] =
    region.level === 'province'
      ? ['ndrc']
      : region.level === 'zone'
        ? ['ndrc', 'approvalService']
        : (Object.keys(DEPARTMENT_CODES) as (keyof typeof DEPARTMENT_CODES)[]);
  return kinds.map((kind) => ({
    code: DEPARTMENT_CODES[kind],
    kind,
    name: `${region.name}${kind === 'ndrc' && region.level === 'province' ? '发展和改革委员会' : DEPARTMENT_KINDS[kind]}`,
    regionCode: region.code,
  }));
}

interface DemoUser {
  username: string;
  /** Defaults to the username (one demo account per role, named after it). */
  role?: Role;
  displayName: string;
  regionCode: string;
  departmentKind?: keyof typeof DEPARTMENT_CODES;
  departmentSteps?: DepartmentStep[];
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'applicant', displayName: '瓯江新材料有限公司（演示）', regionCode: '330302' },
  { username: 'agent', displayName: '代办员 林晓（演示）', regionCode: '330302' },
  { username: 'window', displayName: '综合窗口 陈静（演示）', regionCode: '330300', departmentKind: 'approvalService' },
  {
    username: 'department',
    displayName: '发改审批员 王磊（演示）',
    regionCode: '330300',
    departmentKind: 'ndrc',
    departmentSteps: ['undertake', 'review', 'sign'],
  },
  // Approvers of the other departments a stage's matters go to in parallel (issue 5), and a 发改 clerk/head pair whose
  // inboxes differ by internal step (承办 vs 审核/签发).
  ...(
    [
      ['nr-approver', '自然资源和规划局审批员 黄涛（演示）', 'naturalResources'],
      ['eco-approver', '生态环境局审批员 郑雪（演示）', 'ecology'],
      ['housing-approver', '住建局审批员 吴昊（演示）', 'housing'],
      ['water-approver', '水利局审批员 潘宁（演示）', 'water'],
      ['cad-approver', '人防办审批员 徐力（演示）', 'civilAirDefence'],
      ['fire-approver', '消防救援局审批员 孙毅（演示）', 'fireRescue'],
    ] as const
  ).map(([username, displayName, departmentKind]) => ({
    username,
    role: 'department' as const,
    displayName,
    regionCode: '330300',
    departmentKind,
    departmentSteps: ['undertake', 'review', 'sign'] as DepartmentStep[],
  })),
  {
    username: 'ndrc-clerk',
    role: 'department',
    displayName: '发改承办员 李娜（演示）',
    regionCode: '330300',
    departmentKind: 'ndrc',
    departmentSteps: ['undertake'],
  },
  {
    username: 'ndrc-head',
    role: 'department',
    displayName: '发改分管领导 赵刚（演示）',
    regionCode: '330300',
    departmentKind: 'ndrc',
    departmentSteps: ['review', 'sign'],
  },
  { username: 'supervisor', displayName: '发改监管员 周敏（演示）', regionCode: '330300', departmentKind: 'ndrc' },
  { username: 'bank', displayName: '工商银行温州分行（演示）', regionCode: '330300' },
  { username: 'intermediary', displayName: '温州环科咨询有限公司（演示）', regionCode: '330300' },
  { username: 'sysAdmin', displayName: '系统管理员（演示）', regionCode: '330000' },
  { username: 'secAdmin', displayName: '安全管理员（演示）', regionCode: '330000' },
  { username: 'auditAdmin', displayName: '审计管理员（演示）', regionCode: '330000' },
  ...localDepartmentUsers(),
];

/**
 * One account for every department of the province, the counties and the zone (`zhejiang-fgw`, `lucheng-fgw`,
 * `ouhai-zjj`, `stzone-xzsp`, …; the city's are the named accounts above): a project has its cases dispatched to the
 * nearest department of each kind, its own county's first, so without these a demo project in 鹿城区 would wait for
 * approvers nobody can sign in as. The 行政审批 (window) department gets a window account, the others an approver with
 * every internal step.
 */
function localDepartmentUsers(): DemoUser[] {
  const prefix: Record<string, string> = {
    '330000': 'zhejiang',
    '330302': 'lucheng',
    '330304': 'ouhai',
    '330354': 'stzone',
  };
  return DEMO_REGIONS.filter((region) => region.level !== 'city').flatMap((region) =>
    departmentsFor(region).map(({ kind, name }) =>
      kind === 'approvalService'
        ? {
            username: `${prefix[region.code]}-${DEPARTMENT_CODES[kind]}`,
            role: 'window' as const,
            displayName: `${name}综合窗口（演示）`,
            regionCode: region.code,
            departmentKind: kind,
          }
        : {
            username: `${prefix[region.code]}-${DEPARTMENT_CODES[kind]}`,
            role: 'department' as const,
            displayName: `${name}审批员（演示）`,
            regionCode: region.code,
            departmentKind: kind,
            departmentSteps: ['undertake', 'review', 'sign'] as DepartmentStep[],
          },
    ),
  );
}

/** Seeds the demo data when the database has no regions yet. Returns whether it seeded. */
export async function seedDemoData(ctx: AppContext): Promise<boolean> {
  if (ctx.config.nodeEnv === 'production') throw new Error('demo data is refused in production');
  const [existing] = await ctx.db.select({ n: count() }).from(regions);
  if ((existing?.n ?? 0) > 0) return false;
  // One argon2id hash (64 MiB, t=3) for all the demo accounts, which share DEMO_PASSWORD: hashing it once per account, in
  // parallel on the thread pool, took ~250 MB of memory at first start (RSS peaked at ~400 MB) for no security gain.
  const demoHash = await hashPassword(ctx.config.demoPassword);
  const passwordHashes = DEMO_USERS.map(() => demoHash);
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
    await tx.insert(regions).values(DEMO_REGIONS.map((r) => ({ ...r })));
    const createdDepartments = await tx.insert(departments).values(DEMO_REGIONS.flatMap(departmentsFor)).returning();
    const departmentId = (regionCode: string, kind: string | undefined) =>
      kind ? (createdDepartments.find((d) => d.regionCode === regionCode && d.kind === kind)?.id ?? null) : null;
    await tx.insert(users).values(
      DEMO_USERS.map((u, i) => ({
        username: u.username,
        displayName: u.displayName,
        passwordHash: passwordHashes[i]!,
        role: u.role ?? (u.username as Role),
        departmentSteps: u.departmentSteps ?? [],
        regionCode: u.regionCode,
        departmentId: departmentId(u.regionCode, u.departmentKind),
        isDemo: true,
        createdAt: now,
        updatedAt: now,
        passwordChangedAt: now,
      })),
    );
    await recordAudit({
      action: 'demo.seeded',
      targetType: 'system',
      after: { regions: DEMO_REGIONS.length, departments: createdDepartments.length, users: DEMO_USERS.length },
    });
  });
  await seedDemoEnterprise(ctx);
  await ensureDefaultCatalogue(ctx);
  return true;
}

/**
 * The demo enterprise: not a real company. Its 统一社会信用代码 was computed to pass GB 32100 and the embedded GB 11714
 * check (91 + 330302 + organisation code MA7DEM01·6 + check 8), so the platform's own validation accepts it.
 */
export const DEMO_ENTERPRISE = {
  creditCode: '91330302MA7DEM0168',
  name: '瓯江新材料有限公司（演示）',
  legalRepresentative: '林瓯江（演示）',
  regionCode: '330302',
  address: '温州市鹿城区演示路 1 号',
  contactName: '陈晓（演示）',
  contactPhone: '13800000000',
  /** A published sample number (GB 11643 check passes), not a person's. */
  contactIdNumber: '11010519491231002X',
} as const;

const DEMO_FILED_PROJECT = {
  name: '瓯江新材料年产 3 万吨改性塑料制品项目（演示）',
  regionCode: '330354',
  address: '温州生态园三垟大道 66 号（演示）',
  scaleAndContent:
    '新建生产厂房 1.5 万平方米，购置改性塑料挤出生产线 3 条及配套检测设备，形成年产 3 万吨改性塑料制品能力',
  totalInvestment: 8600,
  fundSources: [
    { kind: 'selfRaised' as const, amount: 6000 },
    { kind: 'bankLoan' as const, amount: 2600 },
  ],
  plannedStart: '2027-03-01',
  plannedEnd: '2028-06-30',
  industryCode: 'C2929',
  projectType: '01' as const,
  investmentNature: 'enterprise' as const,
  flags: ['privateInvestmentPromotion' as const],
  industrialPolicyStatement: true,
};

/**
 * A coded 核准 project at city level (市本级, so its cases go to the city departments the demo approvers belong to),
 * ready for its stage-1 application (issue 5). 火力发电 (D4411) is in the demo 核准目录.
 */
const DEMO_RATIFICATION_PROJECT = {
  name: '瓯江新材料园区热电联产项目（演示）',
  regionCode: '330300',
  address: '温州市瓯江口新区演示大道 8 号（演示）',
  scaleAndContent: '建设 2×25MW 背压式热电联产机组及配套供热管网，年供热 120 万吨、发电 3 亿千瓦时',
  totalInvestment: 56000,
  fundSources: [
    { kind: 'selfRaised' as const, amount: 20000 },
    { kind: 'bankLoan' as const, amount: 36000 },
  ],
  plannedStart: '2027-06-01',
  plannedEnd: '2029-06-30',
  industryCode: 'D4411',
  projectType: '01' as const,
  investmentNature: 'enterprise' as const,
  flags: [],
  industrialPolicyStatement: true,
};

/** The demo enterprise's credit grade (DOMAIN.md §6: grades are data): A → green channel. */
const DEMO_CREDIT_GRADE = {
  scheme: 'public-credit',
  grade: 'A',
  source: '公共信用评价（演示数据）',
  validUntil: '2027-12-31',
};

const DEMO_DRAFT_PROJECT = {
  name: '瓯江新材料研发中心建设项目（演示）',
  regionCode: '330302',
  address: '温州市鹿城区演示路 1 号',
  investmentNature: 'enterprise' as const,
  projectType: '01' as const,
};

/**
 * Links the demo `applicant` to the demo enterprise, authorises the demo `agent` for it, and registers one filed 备案
 * project and one draft through the real project services (so the code comes from the configured issuer and is valid).
 */
async function seedDemoEnterprise(ctx: AppContext): Promise<void> {
  const encryptor = fieldEncryptorFor(ctx);
  const now = ctx.clock.now();
  const accounts = await ctx.db
    .select()
    .from(users)
    .where(inArray(users.username, ['applicant', 'agent']));
  const applicant = accounts.find((u) => u.username === 'applicant');
  const agent = accounts.find((u) => u.username === 'agent');
  if (!applicant || !agent) throw new Error('demo accounts missing');
  await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
    const [enterprise] = await tx
      .insert(enterprises)
      .values({
        creditCode: DEMO_ENTERPRISE.creditCode,
        name: DEMO_ENTERPRISE.name,
        legalRepresentative: DEMO_ENTERPRISE.legalRepresentative,
        regionCode: DEMO_ENTERPRISE.regionCode,
        address: DEMO_ENTERPRISE.address,
        contactName: DEMO_ENTERPRISE.contactName,
        contactPhoneEncrypted: encryptor.encrypt(DEMO_ENTERPRISE.contactPhone),
        contactPhoneIndex: encryptor.blindIndex(DEMO_ENTERPRISE.contactPhone),
        contactIdNumberEncrypted: encryptor.encrypt(DEMO_ENTERPRISE.contactIdNumber),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!enterprise) throw new Error('demo enterprise insert returned nothing');
    await tx.update(users).set({ enterpriseId: enterprise.id, updatedAt: now }).where(eq(users.id, applicant.id));
    await tx.insert(creditGrades).values({ enterpriseId: enterprise.id, ...DEMO_CREDIT_GRADE, recordedAt: now });
    await tx.insert(enterpriseAgents).values({
      enterpriseId: enterprise.id,
      agentUserId: agent.id,
      authorisedBy: applicant.id,
      authorisedAt: now,
    });
    await recordAudit({
      action: 'enterprise.registered',
      targetType: 'enterprise',
      targetId: enterprise.id,
      after: { creditCode: enterprise.creditCode, name: enterprise.name, demo: true },
    });
    await recordAudit({
      action: 'credit.grade_recorded',
      targetType: 'enterprise',
      targetId: enterprise.id,
      after: DEMO_CREDIT_GRADE,
    });
    await recordAudit({
      action: 'user.updated',
      targetType: 'user',
      targetId: applicant.id,
      before: { enterpriseId: null },
      after: { enterpriseId: enterprise.id },
    });
    await recordAudit({
      action: 'enterprise.agent_authorised',
      targetType: 'enterprise',
      targetId: enterprise.id,
      after: { agentId: agent.id, agentUsername: agent.username },
    });
  });
  const actor: Actor = {
    id: applicant.id,
    username: applicant.username,
    displayName: applicant.displayName,
    role: applicant.role,
    departmentSteps: applicant.departmentSteps as DepartmentStep[],
    regionCode: applicant.regionCode,
    departmentId: applicant.departmentId,
    via: 'session',
    sessionId: null,
    apiKeyId: null,
    passwordChangeDue: false,
  };
  const filed = await createProject(ctx, actor, SYSTEM_AUDIT_CONTEXT, DEMO_FILED_PROJECT);
  await submitProject(ctx, actor, SYSTEM_AUDIT_CONTEXT, filed.id);
  // The filed project reports its 开工 (site preparation) on the seeding day: 建设监管 has a project to follow, with the
  // finding a supervisor should see — no 施工许可证 on the platform yet (建筑法 art.7).
  await submitReport(ctx, actor, SYSTEM_AUDIT_CONTEXT, filed.id, {
    kind: 'start',
    occurredOn: shanghaiCivilDate(ctx.clock.now().getTime()),
    description: '场地平整及临时设施施工（演示）',
  });
  await createProject(ctx, actor, SYSTEM_AUDIT_CONTEXT, DEMO_DRAFT_PROJECT);
  const ratification = await createProject(ctx, actor, SYSTEM_AUDIT_CONTEXT, DEMO_RATIFICATION_PROJECT);
  await submitProject(ctx, actor, SYSTEM_AUDIT_CONTEXT, ratification.id);
  await seedDemoFinance(ctx, actor, ratification.id);
  await seedDemoIntermediary(ctx, actor);
}

/** 中介超市: the demo agency's services, so a unit choosing one has something to choose from. */
async function seedDemoIntermediary(ctx: AppContext, template: Actor): Promise<void> {
  const [agencyUser] = await ctx.db.select().from(users).where(eq(users.username, 'intermediary'));
  if (!agencyUser) throw new Error('demo intermediary account missing');
  const agency: Actor = {
    ...template,
    id: agencyUser.id,
    username: agencyUser.username,
    displayName: agencyUser.displayName,
    role: 'intermediary',
    regionCode: agencyUser.regionCode,
    departmentId: null,
  };
  await publishService(ctx, agency, SYSTEM_AUDIT_CONTEXT, {
    serviceType: 'eia',
    name: '建设项目环境影响报告表编制（演示）',
    description: '含现场踏勘、环境质量现状监测协调、公众参与（演示）',
    priceText: '3 万元起',
    promisedDays: 20,
  });
  await publishService(ctx, agency, SYSTEM_AUDIT_CONTEXT, {
    serviceType: 'energy',
    name: '固定资产投资项目节能报告编制（演示）',
    description: '年综合能耗 1000 吨标准煤以上项目的节能报告（演示）',
    priceText: '按投资额 0.05%',
    promisedDays: 15,
  });
}

/**
 * 金融广场: the demo bank's products, and a financing need of the 核准 project published with the unit's consent, so the
 * bank's workbench has something to answer (through the real services: classified, audited).
 */
async function seedDemoFinance(ctx: AppContext, applicant: Actor, projectId: string): Promise<void> {
  const [bankUser] = await ctx.db.select().from(users).where(eq(users.username, 'bank'));
  if (!bankUser) throw new Error('demo bank account missing');
  const bank: Actor = {
    ...applicant,
    id: bankUser.id,
    username: bankUser.username,
    displayName: bankUser.displayName,
    role: 'bank',
    regionCode: bankUser.regionCode,
    departmentId: null,
  };
  for (const product of DEMO_LOAN_PRODUCTS) await publishProduct(ctx, bank, SYSTEM_AUDIT_CONTEXT, product);
  await publishNeed(ctx, applicant, SYSTEM_AUDIT_CONTEXT, projectId, {
    amount: 36000,
    termMonths: 120,
    purpose: '热电联产机组及供热管网建设（演示）',
    consent: true,
  });
}

const DEMO_LOAN_PRODUCTS = [
  {
    name: '固定资产项目贷款（演示）',
    minAmount: 1000,
    maxAmount: 100000,
    maxTermMonths: 180,
    rateText: 'LPR+0.30%',
    industries: ['C', 'D'],
    description: '支持新建、扩建和技术改造项目，可按建设进度分次提款（演示）',
  },
  {
    name: '绿色能源贷（演示）',
    minAmount: 500,
    maxAmount: 50000,
    maxTermMonths: 120,
    rateText: 'LPR-0.10%',
    industries: ['D'],
    description: '面向光伏、风电、热电联产等节能减排项目（演示）',
  },
];
