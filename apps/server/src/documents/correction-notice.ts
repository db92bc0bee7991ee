import { formatChineseDate } from './filing-certificate.ts';
import { renderWindowDocument } from './window-document.ts';

/**
 * 一次性补正告知书 — the written notice of everything a stage application must correct. 《行政许可法》第三十二条第一款第
 * （四）项: materials incomplete or not in the legal form are answered on the spot or within five days by telling the
 * applicant, once, everything to be corrected; a window that does not tell in time counts the application accepted from
 * receipt. The notice lists each item (a material or a field of the one form) with what is wrong with it and why, and
 * says that the window's examination starts again from the day the corrections come in (supplementApplication: the
 * five days run anew from the supplement). Drawn as the window's other notices are (window-document.ts).
 */
export interface CorrectionNoticeData {
  /** The notice's number (补正告知书编号). */
  number: string;
  projectCode: string;
  projectName: string;
  enterpriseName: string;
  stageName: string;
  submittedOn: string | null;
  issuedOn: string;
  items: { name: string; kind: 'material' | 'field'; problem: 'missing' | 'invalid'; reason: string }[];
  /** Set when the corrections came in (then the notice is printed as answered). */
  supplementedOn: string | null;
  /** The window's department that issued the notice: printed and on the seal. */
  departmentName: string;
}

const PROBLEM_NAMES = { missing: '缺少', invalid: '不符合要求' } as const;
const KIND_NAMES = { material: '材料', field: '申报表' } as const;

export async function renderCorrectionNotice(
  data: CorrectionNoticeData,
  options: { generatedAt?: Date } = {},
): Promise<Uint8Array> {
  const rows: { label: string; value: string }[] = [
    { label: '告知书编号', value: data.number },
    { label: '项目代码', value: data.projectCode },
    { label: '项目名称', value: data.projectName },
    { label: '项目单位', value: data.enterpriseName },
    { label: '审批阶段', value: data.stageName },
  ];
  if (data.submittedOn) rows.push({ label: '收件日期', value: formatChineseDate(data.submittedOn) });
  rows.push({ label: '告知日期', value: formatChineseDate(data.issuedOn) });
  rows.push({
    label: `需补正内容（共 ${data.items.length} 项）`,
    value: data.items
      .map(
        (item, i) =>
          `${i + 1}. ${KIND_NAMES[item.kind]}「${item.name}」：${PROBLEM_NAMES[item.problem]}\n${item.reason}`,
      )
      .join('\n'),
  });
  if (data.supplementedOn)
    rows.push({ label: '补正情况', value: `已于${formatChineseDate(data.supplementedOn)}补正提交` });
  rows.push({ label: '告知机关', value: data.departmentName });

  return renderWindowDocument(
    {
      title: '一次性补正告知书',
      number: data.number,
      numberLabel: '告知书编号',
      projectCode: data.projectCode,
      subject: `${data.projectName} — ${data.stageName}`,
      keywords: [data.number, data.projectCode, '补正告知书'],
      rows,
      notes: [
        '说明：',
        `1. 依据《中华人民共和国行政许可法》第三十二条，您提交的申请材料不齐全或者不符合法定形式，现一次性告知需要补正的全部内容（共 ${data.items.length} 项）。`,
        '2. 请按上述清单补齐后，登录平台在该申请中“提交补正”；窗口自收到补正材料之日起重新开始受理审查。',
        '3. 本告知书由平台生成，页面中的印章为系统生成的图样，不是电子签章。',
      ],
      departmentName: data.departmentName,
      departmentLabel: '告知机关',
      dateLabel: '告知日期',
      date: formatChineseDate(data.issuedOn),
    },
    options,
  );
}
