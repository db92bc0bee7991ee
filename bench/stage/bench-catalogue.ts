/**
 * The benchmark catalogue: one stage whose four matters go to four different departments (发改, 自然资源, 生态环境, 住建),
 * independent of each other (no same-stage dependencies), each with a single internal step (签发), no required material
 * (one shared optional material, so the application has a material link) and no output licence. It is the same stage the
 * pgbench script and the BPMN process run: accept → four parallel decisions → stage complete.
 */
import type { Catalogue, DepartmentKind, Matter } from '@yiwang/domain';

export const BENCH_STAGE = 'benchStage';

/** Demo accounts (apps/server/src/seed/demo-seed.ts) of the four departments, by department kind. */
export const BENCH_DEPARTMENT_USERS: Record<string, string> = {
  ndrc: 'department',
  naturalResources: 'nr-approver',
  ecology: 'eco-approver',
  housing: 'housing-approver',
};

const MATTERS: [string, string, DepartmentKind][] = [
  ['bench.ndrc', '基准事项·发改审批', 'ndrc'],
  ['bench.naturalResources', '基准事项·自然资源审批', 'naturalResources'],
  ['bench.ecology', '基准事项·生态环境审批', 'ecology'],
  ['bench.housing', '基准事项·住建审批', 'housing'],
];

export function benchCatalogue(version = 'bench-1'): Catalogue {
  const matters: Matter[] = MATTERS.map(([code, name, departmentKind]) => ({
    code,
    name,
    stageCode: BENCH_STAGE,
    track: 'main',
    departmentKind,
    legalBasis: [{ citation: '《中华人民共和国行政许可法》第四十二条', confirmed: true }],
    conditions: [],
    applicability: [{ reason: '基准测试：所有项目均需办理', reasonEn: 'benchmark: every project' }],
    statutoryLimitWorkingDays: 20,
    promisedLimitWorkingDays: 20,
    limitIsConfirmed: true,
    limitNote: null,
    clockStoppable: true,
    dependsOn: [],
    output: null,
    steps: [{ code: 'issue', name: '签发', kind: 'issue', signMode: 'single', participants: [] }],
    materialCodes: ['bench.sitePlan'],
    fees: [],
  }));
  return {
    version,
    stages: [{ code: BENCH_STAGE, name: '基准测试阶段', order: 1, leadDepartmentKind: 'ndrc' }],
    matters,
    materials: [
      {
        code: 'bench.sitePlan',
        name: '项目总平面示意图（可选）',
        required: false,
        main: false,
        tolerable: false,
        commitmentText: null,
        satisfiedByLicenceType: null,
        sampleUrl: null,
      },
    ],
    facts: [],
    licenceTypes: [],
  };
}

/**
 * Imports the bench catalogue and publishes it, as the admin whose bearer token is given (sysAdmin). Returns each
 * matter's department kind. Used by the benches (run.ts, ab.ts) and by the crash test's approval wave.
 */
export async function publishBenchCatalogue(base: string, adminToken: string): Promise<Record<string, string>> {
  const catalogue = benchCatalogue();
  const send = async (url: string, body?: unknown): Promise<{ id?: string }> => {
    const response = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`bench catalogue: POST ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id?: string };
  };
  const draft = await send('/api/catalogue/import', { version: catalogue.version, catalogue });
  await send(`/api/catalogue/versions/${draft.id}/publish`);
  return Object.fromEntries(catalogue.matters.map((m) => [m.code, m.departmentKind]));
}
