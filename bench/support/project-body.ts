/** How the benches' registered projects are named (a reused dataset is cleaned of them: dataset/generate.ts). */
export const BENCH_PROJECT_NAME_PREFIX = '基准测试项目 ';

/** A complete 备案 project (about 1 KB of JSON), so submit 赋码s and files it at once; `i` makes its name unique. */
export function projectBody(i: number, regionCode = '330302') {
  return {
    name: `${BENCH_PROJECT_NAME_PREFIX}${i} 智能制造产业园建设工程`,
    regionCode,
    address: '温州市鹿城区瓯江路 100 号 产业园 A 区',
    scaleAndContent:
      '新建厂房 3 幢，总建筑面积 45000 平方米，购置数控加工中心、自动化装配线及配套检测设备 120 台（套），建设数字化车间与仓储物流系统，形成年产精密零部件 500 万件的生产能力。'.repeat(
        2,
      ),
    totalInvestment: 12000,
    fundSources: [
      { kind: 'selfRaised', amount: 8000 },
      { kind: 'bankLoan', amount: 4000 },
    ],
    plannedStart: '2027-03-01',
    plannedEnd: '2028-12-31',
    industryCode: 'C3484',
    projectType: '01',
    investmentNature: 'enterprise',
    flags: [],
    industrialPolicyStatement: true,
  };
}
