import { count } from 'drizzle-orm';
import type { AppContext } from '../lib/app-context.ts';
import { departments, regions, users, type DepartmentStep, type Role } from '../db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../modules/audit/audit.service.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { DEPARTMENT_KINDS, type DepartmentKind } from '../modules/organisations/organisations.service.ts';

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
  username: Role;
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
  { username: 'supervisor', displayName: '发改监管员 周敏（演示）', regionCode: '330300', departmentKind: 'ndrc' },
  { username: 'bank', displayName: '工商银行温州分行（演示）', regionCode: '330300' },
  { username: 'intermediary', displayName: '温州环科咨询有限公司（演示）', regionCode: '330300' },
  { username: 'sysAdmin', displayName: '系统管理员（演示）', regionCode: '330000' },
  { username: 'secAdmin', displayName: '安全管理员（演示）', regionCode: '330000' },
  { username: 'auditAdmin', displayName: '审计管理员（演示）', regionCode: '330000' },
];

/** Seeds the demo data when the database has no regions yet. Returns whether it seeded. */
export async function seedDemoData(ctx: AppContext): Promise<boolean> {
  if (ctx.config.nodeEnv === 'production') throw new Error('demo data is refused in production');
  const [existing] = await ctx.db.select({ n: count() }).from(regions);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(ctx.config.demoPassword)));
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
        role: u.username,
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
  return true;
}
