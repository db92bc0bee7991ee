import type { InvestmentNature, Procedure } from '../../db/schema/index.ts';

export interface CatalogueEntry {
  industryPrefix: string;
  category: string;
  description: string;
}

export interface ProcedureSuggestion {
  procedure: Procedure | null;
  reason: string;
  reasonEn: string;
}

/**
 * Which procedure a project follows (DOMAIN.md §3): government investment → 审批 (政府投资条例, 条例712); an enterprise
 * project whose industry is in the 核准目录 (data: ratification_catalogue, longest matching prefix) → 核准; any other
 * enterprise project → 备案 (条例673 art.3). A suggestion with its reason; null while the deciding items are missing.
 */
export function suggestProcedure(
  input: { investmentNature?: InvestmentNature | null; industryCode?: string | null },
  catalogue: readonly CatalogueEntry[],
): ProcedureSuggestion {
  if (input.investmentNature === 'government') {
    return {
      procedure: 'approval',
      reason: '政府投资项目实行审批制（《政府投资条例》）：依次审批项目建议书、可行性研究报告、初步设计及概算',
      reasonEn: 'government-investment projects follow approval (审批) under the Government Investment Regulations',
    };
  }
  if (input.investmentNature !== 'enterprise') {
    return {
      procedure: null,
      reason: '请先选择投资性质（政府投资或企业投资）',
      reasonEn: 'choose the investment nature (government or enterprise) first',
    };
  }
  if (!input.industryCode) {
    return {
      procedure: null,
      reason: '企业投资项目：请填写国民经济行业分类代码，以判断是否属于《政府核准的投资项目目录》',
      reasonEn: 'enterprise project: give the GB/T 4754 industry code to check it against the ratification catalogue',
    };
  }
  const industryCode = input.industryCode;
  const match = catalogue
    .filter((entry) => industryCode.startsWith(entry.industryPrefix))
    .sort((a, b) => b.industryPrefix.length - a.industryPrefix.length)[0];
  if (match) {
    return {
      procedure: 'ratification',
      reason: `行业 ${industryCode} 属于《政府核准的投资项目目录》“${match.category}”类（${match.description}），实行核准制（《企业投资项目核准和备案管理条例》第三条）`,
      reasonEn: `industry ${industryCode} is in the ratification catalogue (${match.category}: ${match.industryPrefix}); enterprise projects there follow ratification (核准), Regulations 673 art.3`,
    };
  }
  return {
    procedure: 'filing',
    reason: `企业投资项目，行业 ${industryCode} 不在《政府核准的投资项目目录》内，实行备案制：提交项目单位、项目名称地点规模内容、总投资和产业政策符合性声明即完成备案（条例673 第十三条）`,
    reasonEn: `enterprise project, industry ${industryCode} not in the ratification catalogue: filing (备案) — complete information means filed (Regulations 673 art.13)`,
  };
}
