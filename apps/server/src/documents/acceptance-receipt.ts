import { formatChineseDate } from './filing-certificate.ts';
import { renderWindowDocument } from './window-document.ts';

/**
 * 受理回执 — the acceptance receipt of a stage application (一表申报, 国办发〔2019〕11号). 《行政许可法》第三十二条: an
 * application accepted (or refused) is answered with a written, sealed and dated notice; the time limits of the matters
 * run from the day of acceptance. It states the acceptance mode: 容缺受理 (the tolerated materials and the day they are
 * due, DOMAIN.md §6) or 告知承诺 (the materials replaced by a signed commitment, subject to later verification,
 * 国办发〔2020〕42号); and, when the window sent no 补正 notice in time, that the application counts as accepted from
 * the day of receipt.
 * Drawn as the window's other notices are (window-document.ts).
 */
export interface AcceptanceReceiptData {
  receiptNumber: string;
  projectCode: string;
  projectName: string;
  enterpriseName: string;
  regionName: string;
  stageName: string;
  matters: { name: string; promisedLimitWorkingDays: number }[];
  /** One line per case: number, matter, department. */
  caseNumbers: string[];
  submittedOn: string;
  acceptedOn: string;
  deemedAccepted: boolean;
  mode: 'normal' | 'tolerance' | 'commitment';
  toleratedMaterials: string[];
  toleranceDueOn: string | null;
  committedMaterials: string[];
  /** The window's department (受理机关), printed and on the seal. */
  departmentName: string;
}

const MODE_NAMES = { normal: '受理', tolerance: '容缺受理', commitment: '告知承诺受理' } as const;

/** Renders the receipt as an A4 PDF (continuing on further pages when the matters and cases are many). */
export async function renderAcceptanceReceipt(
  data: AcceptanceReceiptData,
  options: { generatedAt?: Date } = {},
): Promise<Uint8Array> {
  const rows: { label: string; value: string }[] = [
    { label: '回执编号', value: data.receiptNumber },
    { label: '项目代码', value: data.projectCode },
    { label: '项目名称', value: data.projectName },
    { label: '项目单位', value: data.enterpriseName },
    { label: '建设地点', value: data.regionName },
    { label: '审批阶段', value: data.stageName },
    {
      label: '申报事项',
      value: data.matters
        .map(
          (m, i) =>
            `${i + 1}. ${m.name}（${m.promisedLimitWorkingDays === 0 ? '即办' : `承诺时限 ${m.promisedLimitWorkingDays} 个工作日`}）`,
        )
        .join('\n'),
    },
    { label: '收件日期', value: formatChineseDate(data.submittedOn) },
    { label: '受理日期', value: formatChineseDate(data.acceptedOn) },
    { label: '受理方式', value: data.deemedAccepted ? '视为受理（逾期未一次性告知补正）' : MODE_NAMES[data.mode] },
  ];
  if (data.mode === 'tolerance') {
    rows.push({
      label: '容缺材料',
      value: `${data.toleratedMaterials.join('、') || '（已补齐）'}\n请于${data.toleranceDueOn ? formatChineseDate(data.toleranceDueOn) : ''}前补齐；逾期未补齐的，相关事项不予许可。`,
    });
  }
  if (data.mode === 'commitment') {
    rows.push({
      label: '承诺材料',
      value: `${data.committedMaterials.join('、')}\n申请人已签署告知承诺书，审批部门将依法进行核查；承诺不实的，依法撤销许可决定。`,
    });
  }
  if (data.caseNumbers.length) rows.push({ label: '办件编号', value: data.caseNumbers.join('\n') });
  rows.push({ label: '受理机关', value: data.departmentName });

  return renderWindowDocument(
    {
      title: '投资项目审批受理回执',
      number: data.receiptNumber,
      numberLabel: '回执编号',
      projectCode: data.projectCode,
      subject: `${data.projectName} — ${data.stageName}`,
      keywords: [data.receiptNumber, data.projectCode, '受理回执'],
      rows,
      notes: [
        '说明：',
        `1. 依据《中华人民共和国行政许可法》第三十二条，本申请已${data.deemedAccepted ? '自收到申请材料之日起视为受理' : '予以受理'}；各事项办理时限自受理之日起按工作日计算，依法需要听证、检验、检测、专家评审等的时间不计入（第四十五条）。`,
        '2. 本阶段各审批事项已同步分送有关部门并联办理，可凭项目代码在平台查询办理进度。',
        '3. 本回执由平台生成，页面中的印章为系统生成的图样，不是电子签章。',
      ],
      departmentName: data.departmentName,
      departmentLabel: '受理机关',
      dateLabel: '受理日期',
      date: formatChineseDate(data.acceptedOn),
    },
    options,
  );
}
