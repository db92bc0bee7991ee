import { projectLookupUrl, renderQrPng, renderQrSvg } from '../../documents/qr-mark.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { industryDivisionName } from './industry.ts';
import * as repo from './projects.repository.ts';
import { loadVisibleProject } from './projects.service.ts';

/** The QR mark of a code registered here (any status: a voided code still answers its lookup), else 404. */
async function registeredLookupUrl(ctx: AppContext, code: string): Promise<string> {
  if (!(await repo.isRegisteredCode(ctx.db, code))) throw new AppError('NOT_FOUND');
  return projectLookupUrl(ctx.config.publicBaseUrl, code);
}

export async function projectQrSvg(ctx: AppContext, code: string): Promise<string> {
  return renderQrSvg(await registeredLookupUrl(ctx, code));
}

export async function projectQrPng(ctx: AppContext, code: string): Promise<Buffer> {
  return renderQrPng(await registeredLookupUrl(ctx, code));
}

/** YYYY-MM-DD in Asia/Shanghai (UTC+8 all year). */
const shanghaiDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The region's names from the province down, e.g. 浙江省温州市温州生态园, and the 发改 department nearest to it. */
async function regionAndAuthority(ctx: AppContext, regionCode: string) {
  const [region] = await repo.findRegionsByCodes(ctx.db, [regionCode]);
  const chain = region ? region.path.split('/') : [regionCode];
  const names = new Map((await repo.findRegionsByCodes(ctx.db, chain)).map((r) => [r.code, r.name]));
  const regionName = chain.map((code) => names.get(code) ?? '').join('');
  // 备案机关: the 发改 department of the project's region, else of the nearest ancestor that has one.
  const ndrc = await repo.findNdrcDepartments(ctx.db, chain);
  const nearest = [...chain].reverse().find((code) => ndrc.some((d) => d.regionCode === code));
  const authorityName = ndrc.find((d) => d.regionCode === nearest)?.name ?? `${regionName}投资主管部门`;
  return { regionName, authorityName };
}

const POLICY_STATEMENT =
  '本项目符合国家产业政策，不属于产业政策禁止投资建设的项目，不属于《政府核准的投资项目目录》范围；' +
  '项目单位对所填报备案信息的真实性、合法性和完整性负责。';

/**
 * The 备案证明 of a filed project (条例673 art.13: the enterprise prints its own), for its owners and for staff within
 * their region subtree. 409 PROJECT_NOT_FILED for any other status, a voided filing included.
 */
export async function filingCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ code: string; pdf: Uint8Array }> {
  const row = await loadVisibleProject(ctx, actor, id);
  const p = row.project;
  if (p.status !== 'filed' || !p.code || !p.filedAt || !p.regionCode) throw new AppError('PROJECT_NOT_FILED');
  const { regionName, authorityName } = await regionAndAuthority(ctx, p.regionCode);
  const { renderFilingCertificate } = await import('../../documents/filing-certificate.ts'); // first use loads pdf-lib + fontkit (~0.35 s): not at start (cold start, issue 6)
  const pdf = await renderFilingCertificate(
    {
      projectCode: p.code,
      projectName: p.name,
      enterpriseName: row.enterpriseName,
      creditCode: row.enterpriseCreditCode,
      regionName,
      address: p.address ?? '',
      scaleAndContent: p.scaleAndContent ?? '',
      totalInvestmentWan: p.totalInvestment ?? '',
      plannedStart: p.plannedStart ?? '',
      plannedEnd: p.plannedEnd ?? '',
      industryCode: p.industryCode ?? '',
      industryName: industryDivisionName(p.industryCode) ?? '',
      authorityName,
      filedAt: shanghaiDate(p.filedAt),
      policyStatement: POLICY_STATEMENT,
      lookupUrl: projectLookupUrl(ctx.config.publicBaseUrl, p.code),
    },
    { generatedAt: ctx.clock.now() },
  );
  return { code: p.code, pdf };
}
