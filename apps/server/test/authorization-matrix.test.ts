import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogue } from '@yiwang/domain';
import { ROLES, type Role } from '../src/db/schema/index.ts';
import { createTestApp, databaseFingerprint, type TestApp, TEST_PASSWORD } from './test-app.ts';

/**
 * The role × route matrix (等保 2.0 §8.1.4.2: 应测试验证用户是否有可越权访问情形). This table is written independently of
 * the routes' own policy declarations: if a route's policy is widened or dropped, the real responses stop matching it
 * and this test fails. Every registered route must appear here, so a new route cannot slip in untested.
 */
type Expected = 'public' | 'authenticated' | readonly Role[];
const EXPECTED: Record<string, Expected> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'GET /metrics': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  'POST /api/auth/login/second-factor': 'public',
  'GET /api/auth/second-factor': 'authenticated',
  'POST /api/auth/second-factor/setup': 'authenticated',
  'POST /api/auth/second-factor/confirm': 'authenticated',
  'POST /api/auth/second-factor/remove': 'authenticated',
  'GET /api/auth/sessions': 'authenticated',
  'GET /api/public/performance': 'public',
  'POST /api/auth/sessions/:id/revoke': 'authenticated',
  'POST /api/auth/sessions/revoke-others': 'authenticated',
  'GET /api/regions': 'public',
  'POST /api/regions': ['sysAdmin'],
  'GET /api/departments': 'authenticated',
  'POST /api/departments': ['sysAdmin'],
  'GET /api/users': ['sysAdmin', 'secAdmin'],
  'GET /api/users/:id': ['sysAdmin', 'secAdmin'],
  'POST /api/users': ['sysAdmin'],
  'PATCH /api/users/:id': ['sysAdmin'],
  'POST /api/users/:id/unlock': ['secAdmin'],
  'POST /api/users/:id/disable': ['secAdmin'],
  'POST /api/users/:id/enable': ['secAdmin'],
  'POST /api/users/:id/second-factor/reset': ['secAdmin'],
  'POST /api/users/:id/sessions/revoke': ['secAdmin'],
  'GET /api/security/policy': ['sysAdmin', 'secAdmin', 'auditAdmin'],
  'GET /api/api-keys': ['sysAdmin'],
  'POST /api/api-keys': ['sysAdmin'],
  'POST /api/api-keys/:id/revoke': ['sysAdmin'],
  'GET /api/audit/events': ['auditAdmin'],
  'GET /api/audit/events/export': ['auditAdmin'],
  'GET /api/security/audit-admin-events': ['secAdmin'],
  'GET /api/audit/verify': ['auditAdmin'],
  'POST /api/audit/checkpoints': ['auditAdmin'],
  'POST /api/enterprises/register': 'public',
  'GET /api/enterprises/me': ['applicant'],
  'GET /api/enterprises/me/agents': ['applicant'],
  'POST /api/enterprises/me/agents': ['applicant'],
  'DELETE /api/enterprises/me/agents/:agentId': ['applicant'],
  'GET /api/agent/enterprises': ['agent'],
  'GET /api/public/project-codes/:code': 'public',
  'GET /api/public/project-codes/:code/qr.svg': 'public',
  'GET /api/public/project-codes/:code/qr.png': 'public',
  'GET /api/public/filings': 'public',
  'GET /api/calendar/deadline': 'public',
  'GET /api/calendar/overrides': 'public',
  'PUT /api/calendar/overrides/:date': ['sysAdmin'],
  'DELETE /api/calendar/overrides/:date': ['sysAdmin'],
  'GET /api/projects/procedure-suggestion': 'authenticated',
  'POST /api/projects': ['applicant', 'agent'],
  'GET /api/projects': ['applicant', 'agent'],
  'GET /api/projects/:id': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'PATCH /api/projects/:id': ['applicant', 'agent'],
  'POST /api/projects/:id/submit': ['applicant', 'agent'],
  'GET /api/projects/search': ['window', 'department', 'supervisor'],
  'GET /api/projects/search/export': ['window', 'department', 'supervisor'],
  'GET /api/projects/:id/filing-certificate.pdf': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'POST /api/projects/:id/changes': ['applicant', 'agent'],
  'POST /api/projects/:id/void': ['applicant', 'agent'],
  'GET /api/projects/:id/history': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/projects/:id/plan': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/catalogue/versions': ['sysAdmin'],
  'POST /api/catalogue/versions': ['sysAdmin'],
  'GET /api/catalogue/versions/:id': ['sysAdmin'],
  'PUT /api/catalogue/versions/:id/catalogue': ['sysAdmin'],
  'PATCH /api/catalogue/versions/:id/matters/:code': ['sysAdmin'],
  'POST /api/catalogue/versions/:id/publish': ['sysAdmin'],
  'GET /api/catalogue/versions/:id/export': ['sysAdmin'],
  'POST /api/catalogue/import': ['sysAdmin'],
  'GET /api/guides/stages': 'public',
  'GET /api/guides/stages/:code': 'public',
  'GET /api/guides/matters/:code': 'public',
  // Issue 5: stage applications, window, cases, licences, credit, verification, notifications.
  'GET /api/projects/:id/stage-form': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/projects/:id/applications': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'POST /api/projects/:id/applications': ['applicant', 'agent'],
  'GET /api/applications/:id': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'PUT /api/applications/:id': ['applicant', 'agent'],
  'PUT /api/applications/:id/materials/:materialCode/file': ['applicant', 'agent'],
  'POST /api/applications/:id/materials/:materialCode/commitment': ['applicant', 'agent'],
  'POST /api/applications/:id/submit': ['applicant', 'agent'],
  'POST /api/applications/:id/supplement': ['applicant', 'agent'],
  'POST /api/applications/:id/withdraw': ['applicant', 'agent'],
  'GET /api/applications/:id/receipt.pdf': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/applications/:id/corrections/:noticeId/notice.pdf': [
    'applicant',
    'agent',
    'window',
    'department',
    'supervisor',
  ],
  'GET /api/project-materials/:id/file': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/window/applications': ['window'],
  'POST /api/applications/:id/corrections': ['window'],
  'POST /api/applications/:id/accept': ['window'],
  'POST /api/applications/:id/reject': ['window'],
  'GET /api/enterprises/:id/credit-grades': ['applicant', 'window', 'supervisor', 'sysAdmin'],
  'POST /api/enterprises/:id/credit-grades': ['supervisor', 'sysAdmin'],
  'GET /api/verification-tasks': ['department', 'supervisor'],
  'POST /api/verification-tasks/:id/complete': ['department'],
  'GET /api/notifications': 'authenticated',
  'POST /api/notifications/:id/read': 'authenticated',
  'POST /api/notifications/read-all': 'authenticated',
  'GET /api/cases': ['department', 'supervisor'],
  'GET /api/cases/:id': ['department', 'supervisor'],
  'POST /api/cases/:id/advance': ['department'],
  'POST /api/cases/:id/sign': ['department'],
  'POST /api/cases/:id/return': ['department'],
  'POST /api/cases/:id/transfer': ['department'],
  'GET /api/cases/:id/transfer-candidates': ['department'],
  'POST /api/cases/:id/consultations': ['department'],
  'GET /api/consultations': ['department'],
  'POST /api/consultations/:id/reply': ['department'],
  'POST /api/cases/:id/special-procedures': ['department'],
  'POST /api/cases/:id/special-procedures/:procedureId/end': ['department'],
  'POST /api/cases/:id/extension': ['department'],
  'POST /api/cases/:id/decision': ['department'],
  'POST /api/cases/:id/urge': ['supervisor'],
  'GET /api/supervision/cases': ['supervisor'],
  'GET /api/supervision/cases/export': ['supervisor'],
  'GET /api/supervision/figures': ['supervisor'],
  'GET /api/supervision/dashboard': ['supervisor'],
  'GET /api/projects/:id/cases': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/public/project-codes/:code/progress': 'public',
  'GET /api/projects/:id/licences': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/licences/:number': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/licences/:number/pdf': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'GET /api/public/licences/:number': 'public',
  'POST /api/licences/:number/revoke': ['department'],
  'POST /api/licences/:number/extension': ['department'],
  'GET /api/projects/:id/construction': ['applicant', 'agent', 'window', 'department', 'supervisor'],
  'POST /api/projects/:id/construction/reports': ['applicant', 'agent'],
  'GET /api/supervision/construction': ['supervisor'],
  'POST /api/projects/:id/construction/inspections': ['supervisor'],
  'GET /api/finance/products': 'authenticated',
  'GET /api/finance/products/mine': ['bank'],
  'POST /api/finance/products': ['bank'],
  'POST /api/finance/products/:id/withdraw': ['bank'],
  'GET /api/finance/needs': ['bank'],
  'POST /api/finance/needs/:id/offers': ['bank'],
  'GET /api/finance/offers/mine': ['bank'],
  'GET /api/projects/:id/financing-needs': ['applicant', 'agent'],
  'POST /api/projects/:id/financing-needs': ['applicant', 'agent'],
  'POST /api/financing-needs/:id/close': ['applicant', 'agent'],
  'POST /api/financing-offers/:id/accept': ['applicant', 'agent'],
  'POST /api/financing-offers/:id/decline': ['applicant', 'agent'],
  'GET /api/intermediary/services': 'authenticated',
  'GET /api/intermediary/services/mine': ['intermediary'],
  'POST /api/intermediary/services': ['intermediary'],
  'POST /api/intermediary/services/:id/withdraw': ['intermediary'],
  'GET /api/intermediary/engagements': ['intermediary'],
  'POST /api/intermediary-engagements/:id/accept': ['intermediary'],
  'POST /api/intermediary-engagements/:id/decline': ['intermediary'],
  'POST /api/intermediary-engagements/:id/complete': ['intermediary'],
  'GET /api/projects/:id/intermediary-engagements': ['applicant', 'agent'],
  'POST /api/projects/:id/intermediary-engagements': ['applicant', 'agent'],
  'POST /api/intermediary-engagements/:id/rating': ['applicant', 'agent'],
  'GET /api/investment-plans': ['supervisor'],
  'POST /api/investment-plans': ['supervisor'],
  'GET /api/investment-plans/:id': ['supervisor'],
  'POST /api/investment-plans/:id/items': ['supervisor'],
  'POST /api/investment-plans/:id/publish': ['supervisor'],
  'POST /api/investment-plan-items/:id/disbursements': ['supervisor'],
  'PUT /api/projects/:id/construction/photos': ['applicant', 'agent'],
  'GET /api/construction-photos/:id': ['applicant', 'agent', 'window', 'department', 'supervisor'],
};

type Principal = Role | 'anonymous';
const PRINCIPALS: Principal[] = ['anonymous', ...ROLES];

function isAllowed(expected: Expected, principal: Principal): boolean {
  if (expected === 'public') return true;
  if (principal === 'anonymous') return false;
  if (expected === 'authenticated') return true;
  return expected.includes(principal);
}

describe('role × route authorization matrix', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  let targetUserId = '';
  let apiKeyId = '';
  let departmentId = '';
  let projectId = '';
  let voidProjectId = '';
  let agentUserId = '';
  let draftCatalogueId = '';
  let enterpriseId = '';
  /** A well-formed id that names nothing: allowed cells reach the service and meet 404, refused ones never get there. */
  const NOWHERE = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) tokens.set(role, await t.login(role));
    // Real targets, so that a request that wrongly got through would really change something the fingerprint sees.
    const departments = await t.app.inject({
      method: 'GET',
      url: '/api/departments?regionCode=330302',
      headers: { authorization: `Bearer ${tokens.get('sysAdmin')}` },
    });
    departmentId = departments
      .json<{ items: { id: string; kind: string }[] }>()
      .items.find((d) => d.kind === 'ndrc')!.id;
    const target = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${tokens.get('sysAdmin')}` },
      payload: {
        username: 'matrix-target',
        displayName: '矩阵测试对象',
        password: TEST_PASSWORD,
        role: 'department',
        regionCode: '330302',
        departmentId,
      },
    });
    expect(target.statusCode).toBe(201);
    targetUserId = target.json<{ id: string }>().id;
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { authorization: `Bearer ${tokens.get('sysAdmin')}` },
      payload: { userId: targetUserId, name: 'matrix key' },
    });
    expect(key.statusCode).toBe(201);
    apiKeyId = key.json<{ id: string }>().id;
    // An enterprise with its own applicant account and a draft project: the applicant cells act as that account, so
    // the project routes meet a real, owned target (the demo applicant has no enterprise).
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises/register',
      payload: {
        creditCode: '91110000100010433L',
        name: '矩阵测试企业',
        legalRepresentative: '张三',
        regionCode: '330302',
        contactName: '李四',
        contactPhone: '13812341234',
        contactIdNumber: '11010519491231002X',
        account: { username: 'matrix-enterprise', password: TEST_PASSWORD, displayName: '矩阵企业经办人' },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    enterpriseId = registered.json<{ enterprise: { id: string } }>().enterprise.id;
    tokens.set('applicant', await t.login('matrix-enterprise'));
    const project = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { authorization: `Bearer ${tokens.get('applicant')}` },
      payload: { name: '矩阵测试项目', regionCode: '330302' },
    });
    expect(project.statusCode, project.body).toBe(201);
    projectId = project.json<{ id: string }>().id;
    // A second draft for the void route, so voiding does not close the target of the other project routes.
    const toVoid = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { authorization: `Bearer ${tokens.get('applicant')}` },
      payload: { name: '矩阵撤销项目', regionCode: '330302' },
    });
    expect(toVoid.statusCode, toVoid.body).toBe(201);
    voidProjectId = toVoid.json<{ id: string }>().id;
    // The matrix enterprise authorises the demo agent: the agent routes meet a real authorisation.
    const agentRow = await t.ctx.database.pool.query<{ id: string }>(`SELECT id FROM users WHERE username = 'agent'`);
    agentUserId = agentRow.rows[0]!.id;
    const authorised = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises/me/agents',
      headers: { authorization: `Bearer ${tokens.get('applicant')}` },
      payload: { agentUsername: 'agent' },
    });
    expect(authorised.statusCode, authorised.body).toBe(201);
    // A catalogue draft, so the catalogue routes meet a real, editable target.
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/catalogue/versions',
      headers: { authorization: `Bearer ${tokens.get('sysAdmin')}` },
      payload: { version: 'matrix-draft' },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    draftCatalogueId = draft.json<{ id: string }>().id;
  });
  afterAll(async () => t?.close());

  /** A valid request for each route, so only authorization stands between it and a state change. */
  function requestFor(route: string, cell: string): { url: string; payload?: unknown } {
    const [, pattern] = route.split(' ') as [string, string];
    const url = pattern
      .replace(
        ':id',
        route.includes('api-keys')
          ? apiKeyId
          : route.includes('/api/catalogue/')
            ? draftCatalogueId
            : route.endsWith('/void')
              ? voidProjectId
              : route.includes('/api/projects/')
                ? projectId
                : route.includes('/api/enterprises/')
                  ? enterpriseId
                  : /\/api\/(applications|cases|consultations|project-materials|verification-tasks|notifications)\//.test(
                        route,
                      )
                    ? NOWHERE
                    : targetUserId,
      )
      .replace(':materialCode', 'applicationReport')
      .replace(':procedureId', NOWHERE)
      .replace(':number', '330300-2026-HZ-AAAAAAAA')
      .replace(':agentId', agentUserId)
      .replace(
        ':code',
        route.includes('/matters/')
          ? 'ndrc.feasibility'
          : route.includes('/guides/stages/')
            ? 'constructionPermit'
            : '2505-330354-04-01-274607',
      )
      .replace(':date', '2027-01-01');
    const unique = crypto.createHash('md5').update(cell).digest('hex').slice(0, 6);
    const bodies: Record<string, unknown> = {
      'POST /api/auth/login': { username: 'applicant', password: TEST_PASSWORD },
      'POST /api/auth/password': { currentPassword: 'not-the-password', newPassword: 'N3w-Passw0rd!' },
      // No challenge can be right here: a code that is not six digits is refused (400) before any is looked up.
      'POST /api/auth/login/second-factor': { challenge: 'ywc_matrix', code: 'twelve' },
      'POST /api/auth/second-factor/setup': { currentPassword: 'not-the-password' },
      'POST /api/auth/second-factor/confirm': { challenge: 'ywc_matrix', code: '123456' },
      'POST /api/auth/second-factor/remove': { currentPassword: 'not-the-password', code: '123456' },
      'POST /api/regions': {
        code: `33${unique.replace(/\D/g, '').padEnd(4, '9').slice(0, 4)}`,
        name: '测试功能区',
        parentCode: '330300',
        level: 'zone',
      },
      'POST /api/departments': { code: `t${unique}`, name: '测试部门', kind: 'other', regionCode: '330304' },
      'POST /api/users': {
        username: `u${unique}`,
        displayName: '新账号',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      },
      'PATCH /api/users/:id': { displayName: `改名${unique}` },
      'POST /api/api-keys': { userId: targetUserId, name: `key ${unique}` },
      // Public: every cell is allowed; the first registers, the rest meet 409 (credit code taken).
      'POST /api/enterprises/register': {
        creditCode: '91330100799655058B',
        name: '矩阵注册企业',
        legalRepresentative: '王五',
        regionCode: '330302',
        contactName: '赵六',
        contactPhone: '13900001111',
        contactIdNumber: '11010519491231002X',
        account: { username: `e${unique}`, password: TEST_PASSWORD, displayName: '经办人' },
      },
      'POST /api/projects': { name: `矩阵项目${unique}`, regionCode: '330302', totalInvestment: 100 },
      'PATCH /api/projects/:id': { name: `矩阵项目改名${unique}` },
      'POST /api/projects/:id/changes': { changes: { name: `矩阵变更${unique}` }, reason: '矩阵测试变更' },
      'POST /api/projects/:id/void': { reason: '矩阵测试撤销' },
      'POST /api/enterprises/me/agents': { agentUsername: 'agent' },
      'PUT /api/calendar/overrides/:date': { kind: 'holiday', note: '矩阵测试' },
      'POST /api/catalogue/versions': { version: `m${unique}` },
      'PUT /api/catalogue/versions/:id/catalogue': defaultCatalogue(),
      'PATCH /api/catalogue/versions/:id/matters/:code': { promisedLimitWorkingDays: 9 },
      'POST /api/catalogue/import': { version: `i${unique}`, catalogue: defaultCatalogue() },
      'POST /api/projects/:id/applications': { stageCode: 'projectAndLand', facts: [] },
      'PUT /api/applications/:id': { formData: { landAreaSqm: 1000 } },
      'POST /api/applications/:id/materials/:materialCode/commitment': { agreed: true },
      'POST /api/applications/:id/corrections': {
        items: [{ materialCode: 'applicationReport', problem: 'missing', reason: '矩阵测试' }],
      },
      'POST /api/applications/:id/accept': { mode: 'normal' },
      'POST /api/applications/:id/reject': { reason: '矩阵测试' },
      'POST /api/enterprises/:id/credit-grades': {
        scheme: 'public-credit',
        grade: 'A',
        source: '矩阵测试',
        validUntil: '2027-12-31',
      },
      'POST /api/verification-tasks/:id/complete': { passed: true, result: '矩阵测试' },
      'POST /api/cases/:id/advance': { opinion: '矩阵测试' },
      'POST /api/cases/:id/sign': { opinion: '矩阵测试' },
      'POST /api/cases/:id/return': { toStep: 'undertake', opinion: '矩阵测试' },
      'POST /api/cases/:id/transfer': { assigneeId: targetUserId, opinion: '矩阵测试' },
      'POST /api/cases/:id/consultations': { departmentId, question: '矩阵测试' },
      'POST /api/consultations/:id/reply': { reply: '矩阵测试' },
      'POST /api/cases/:id/special-procedures': { kind: 'expertReview', reason: '矩阵测试', expectedWorkingDays: 5 },
      'POST /api/cases/:id/special-procedures/:procedureId/end': { result: '矩阵测试' },
      'POST /api/cases/:id/extension': { workingDays: 5, reason: '矩阵测试' },
      'POST /api/cases/:id/decision': { decision: 'approved', opinion: '矩阵测试' },
      'POST /api/cases/:id/urge': { message: '矩阵测试' },
      'POST /api/licences/:number/revoke': { reason: '矩阵测试' },
      'POST /api/licences/:number/extension': { months: 6, reason: '矩阵测试' },
      'POST /api/projects/:id/construction/inspections': {
        inspectedOn: '2026-01-05',
        method: 'onSite',
        result: 'compliant',
        opinion: '矩阵测试',
      },
      'POST /api/finance/products': {
        name: '矩阵测试项目贷',
        minAmount: 100,
        maxAmount: 1000,
        maxTermMonths: 60,
        rateText: 'LPR',
        description: '矩阵测试',
      },
      'POST /api/investment-plans': { year: 2031, name: '矩阵测试计划' },
      'POST /api/investment-plans/:id/items': {
        projectCode: '2505-330354-04-01-274607',
        fundSource: 'local',
        plannedAmount: 100,
        note: '',
      },
      'POST /api/investment-plan-items/:id/disbursements': { paidOn: '2026-01-05', amount: 1, note: '' },
      'POST /api/intermediary/services': {
        serviceType: 'eia',
        name: '矩阵测试环评',
        description: '矩阵测试',
        priceText: '面议',
        promisedDays: 20,
      },
      'POST /api/intermediary-engagements/:id/accept': { note: '' },
      'POST /api/intermediary-engagements/:id/decline': { note: '' },
      'POST /api/intermediary-engagements/:id/complete': { note: '' },
      'POST /api/projects/:id/intermediary-engagements': { serviceId: targetUserId, note: '矩阵测试' },
      'POST /api/intermediary-engagements/:id/rating': { rating: 5, review: '' },
      'POST /api/finance/needs/:id/offers': { amount: 100, termMonths: 12, rateText: 'LPR', message: '矩阵测试' },
      'POST /api/projects/:id/financing-needs': { amount: 100, termMonths: 12, purpose: '矩阵测试', consent: true },
      'POST /api/projects/:id/construction/reports': {
        kind: 'start',
        occurredOn: '2026-01-05',
        description: '矩阵测试',
      },
    };
    if (route === 'GET /api/calendar/deadline') return { url: `${url}?start=2026-09-30&workingDays=5` };
    return route in bodies ? { url, payload: bodies[route] } : { url };
  }

  it('lists every registered route, and only those', () => {
    const registered = t.app.routeRegistry.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(EXPECTED).sort());
  });

  it('refuses every forbidden cell with 401/403 and no database change, and lets every allowed cell through', async () => {
    const refusedCells: string[] = [];
    for (const { method, url: pattern } of t.app.routeRegistry) {
      const route = `${method} ${pattern}`;
      const expected = EXPECTED[route]!;
      for (const principal of PRINCIPALS) {
        const cell = `${route} as ${principal}`;
        const { url, payload } = requestFor(route, cell);
        let token = principal === 'anonymous' ? undefined : tokens.get(principal);
        // Signing out ends the session; use a throwaway session so the role's main token stays valid.
        if (route === 'POST /api/auth/logout' && principal !== 'anonymous') token = await t.login(principal);
        const headers = token ? { authorization: `Bearer ${token}` } : {};
        const allowed = isAllowed(expected, principal);
        const before = allowed ? undefined : await databaseFingerprint(t.ctx);
        const response = await t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
        if (allowed) {
          expect([401, 403], `${cell} should be allowed, got ${response.statusCode} ${response.body}`).not.toContain(
            response.statusCode,
          );
        } else {
          expect([401, 403, 404], `${cell} should be refused, got ${response.statusCode}`).toContain(
            response.statusCode,
          );
          expect(await databaseFingerprint(t.ctx), `${cell} changed the database`).toEqual(before);
          refusedCells.push(cell);
        }
      }
    }
    // A sanity floor: the matrix really exercised refusals (11 principals × 34 routes has well over 150 of them).
    expect(refusedCells.length).toBeGreaterThan(150);
    // Every refused cell takes two full-database fingerprints; with ~50 routes × 11 principals that outgrows 60 s.
  }, 600_000);
});
