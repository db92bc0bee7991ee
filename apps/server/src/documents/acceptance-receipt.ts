import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import {
  BLACK,
  drawLines,
  drawSeal,
  GREY,
  LABEL_FILL,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  PLATFORM_NAME,
  RULE,
  type SealFooter,
} from './pdf-parts.ts';
import { embedCjkFont, wrapCjkText } from './cjk-font.ts';
import { formatChineseDate } from './filing-certificate.ts';

/**
 * 受理回执 — the acceptance receipt of a stage application (一表申报, 国办发〔2019〕11号). 《行政许可法》第三十二条: an
 * application accepted (or refused) is answered with a written, sealed and dated notice; the time limits of the matters
 * run from the day of acceptance. It states the acceptance mode: 容缺受理 (the tolerated materials and the day they are
 * due, DOMAIN.md §6) or 告知承诺 (the materials replaced by a signed commitment, subject to later verification,
 * 国办发〔2020〕42号); and, when the window sent no 补正 notice in time, that the application counts as accepted from
 * the day of receipt.
 *
 * The red seal is a drawn image marked as such (as on the filing certificate), not a 电子印章 under 《电子签名法》.
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

const TITLE = '投资项目审批受理回执';
const MARGIN_X = 56;
const MARGIN_TOP = 52;
const MARGIN_BOTTOM = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const LABEL_WIDTH = 112;
const PAD_X = 8;
const PAD_Y = 5;
/** Under the star of this document's seal. */
const SEAL_FOOTER: SealFooter = { text: '受理专用章', sizeRatio: 0.14, offsetRatio: 0.55 };
const SEAL_RADIUS = 44;

const MODE_NAMES = { normal: '受理', tolerance: '容缺受理', commitment: '告知承诺受理' } as const;

/** Renders the receipt as an A4 PDF (continuing on further pages when the matters and cases are many). */
export async function renderAcceptanceReceipt(
  data: AcceptanceReceiptData,
  options: { generatedAt?: Date } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const generatedAt = options.generatedAt ?? new Date();
  doc.setTitle(`${TITLE}（${data.receiptNumber}）`, { showInWindowTitleBar: true });
  doc.setAuthor(PLATFORM_NAME);
  doc.setSubject(`${data.projectName} — ${data.stageName}`);
  doc.setKeywords([data.receiptNumber, data.projectCode, '受理回执']);
  doc.setCreator('Yiwang 一网');
  doc.setProducer('Yiwang 一网 (pdf-lib)');
  doc.setLanguage('zh-CN');
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);
  const font = await embedCjkFont(doc);

  const size = 10.5;
  const lineHeight = size * 1.5;
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

  const notes = [
    '说明：',
    `1. 依据《中华人民共和国行政许可法》第三十二条，本申请已${data.deemedAccepted ? '自收到申请材料之日起视为受理' : '予以受理'}；各事项办理时限自受理之日起按工作日计算，依法需要听证、检验、检测、专家评审等的时间不计入（第四十五条）。`,
    '2. 本阶段各审批事项已同步分送有关部门并联办理，可凭项目代码在平台查询办理进度。',
    '3. 本回执由平台生成，页面中的印章为系统生成的图样，不是电子签章。',
  ].join('\n');

  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 2 * PAD_X;
  let page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let y = drawHeading(page, font, data);
  const bottom = MARGIN_BOTTOM + 20;
  for (const row of rows) {
    const lines = wrapCjkText(font, row.value, size, valueWidth);
    let start = 0;
    while (start < lines.length) {
      const fit = Math.max(1, Math.floor((y - bottom - 2 * PAD_Y) / lineHeight));
      if (y - bottom < 2 * PAD_Y + lineHeight) {
        page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
        y = PAGE_HEIGHT - MARGIN_TOP;
        continue;
      }
      const chunk = lines.slice(start, start + fit);
      const height = chunk.length * lineHeight + 2 * PAD_Y;
      page.drawRectangle({ x: MARGIN_X, y: y - height, width: LABEL_WIDTH, height, color: LABEL_FILL });
      page.drawRectangle({
        x: MARGIN_X,
        y: y - height,
        width: CONTENT_WIDTH,
        height,
        borderColor: RULE,
        borderWidth: 0.5,
      });
      page.drawLine({
        start: { x: MARGIN_X + LABEL_WIDTH, y },
        end: { x: MARGIN_X + LABEL_WIDTH, y: y - height },
        thickness: 0.5,
        color: RULE,
      });
      if (start === 0) drawLines(page, font, [row.label], MARGIN_X + PAD_X, y - PAD_Y, size, lineHeight);
      drawLines(page, font, chunk, MARGIN_X + LABEL_WIDTH + PAD_X, y - PAD_Y, size, lineHeight);
      y -= height;
      start += chunk.length;
    }
  }

  const noteSize = 8.5;
  const noteLines = wrapCjkText(font, notes, noteSize, CONTENT_WIDTH);
  const signatureHeight = 2 * SEAL_RADIUS + 10;
  if (y - 12 - noteLines.length * noteSize * 1.5 - signatureHeight < bottom) {
    page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    y = PAGE_HEIGHT - MARGIN_TOP;
  }
  y -= 12;
  drawLines(page, font, noteLines, MARGIN_X, y, noteSize, noteSize * 1.5, GREY);
  y -= noteLines.length * noteSize * 1.5 + 16;

  // Signature block: the department and the date, the seal over them (压年盖月).
  const sigSize = 11;
  const dept = `受理机关：${data.departmentName}`;
  const date = `受理日期：${formatChineseDate(data.acceptedOn)}`;
  const blockWidth = Math.max(font.widthOfTextAtSize(dept, sigSize), font.widthOfTextAtSize(date, sigSize));
  const x = PAGE_WIDTH - MARGIN_X - blockWidth;
  const deptY = y - SEAL_RADIUS + sigSize;
  page.drawText(dept, { x, y: deptY, size: sigSize, font, color: BLACK });
  page.drawText(date, { x, y: deptY - sigSize * 1.8, size: sigSize, font, color: BLACK });
  drawSeal(page, font, {
    cx: x + blockWidth * 0.62,
    cy: deptY - sigSize * 0.5,
    r: SEAL_RADIUS,
    name: data.departmentName,
    footer: SEAL_FOOTER,
  });

  for (const [i, p] of doc.getPages().entries()) {
    const footer = `${PLATFORM_NAME} · 回执编号 ${data.receiptNumber} · 第 ${i + 1} 页`;
    p.drawText(footer, { x: MARGIN_X, y: MARGIN_BOTTOM - 10, size: 7.5, font, color: GREY });
  }
  return doc.save();
}

function drawHeading(page: PDFPage, font: PDFFont, data: AcceptanceReceiptData): number {
  let y = PAGE_HEIGHT - MARGIN_TOP - 8.5;
  page.drawText(PLATFORM_NAME, { x: MARGIN_X, y, size: 8.5, font, color: GREY });
  const right = `回执编号 ${data.receiptNumber}`;
  page.drawText(right, {
    x: PAGE_WIDTH - MARGIN_X - font.widthOfTextAtSize(right, 8.5),
    y,
    size: 8.5,
    font,
    color: GREY,
  });
  y -= 6;
  page.drawLine({ start: { x: MARGIN_X, y }, end: { x: PAGE_WIDTH - MARGIN_X, y }, thickness: 0.6, color: RULE });
  const titleSize = 22;
  y -= 16 + titleSize;
  page.drawText(TITLE, {
    x: (PAGE_WIDTH - font.widthOfTextAtSize(TITLE, titleSize)) / 2,
    y,
    size: titleSize,
    font,
    color: BLACK,
  });
  const sub = `项目代码：${data.projectCode}`;
  y -= 14 + 14;
  page.drawText(sub, { x: (PAGE_WIDTH - font.widthOfTextAtSize(sub, 13)) / 2, y, size: 13, font, color: BLACK });
  return y - 16;
}
