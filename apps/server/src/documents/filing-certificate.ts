import { PDFDocument, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import {
  createPlatformPdf,
  BLACK,
  centeredX,
  drawBoldText,
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
import { renderQrPng } from './qr-mark.ts';

/**
 * 企业投资项目备案证明 — the filing certificate of an enterprise investment project.
 *
 * Under 《企业投资项目核准和备案管理条例》(国务院令第673号) art.13 a filing is 告知性备案: the enterprise tells the filing
 * authority four items through the online platform (enterprise information; name, site, scale and content; total
 * investment; an industrial-policy statement), and **receiving all four is the filing** — no review. The enterprise then
 * prints its own certificate, which is this document. It names the project, so it carries the project code and the
 * code's QR mark (DOMAIN.md §2).
 *
 * The red seal is a drawn image marked as such, not a 电子印章 under 《电子签名法》: authenticity rests on the QR lookup.
 */
export interface FilingCertificateData {
  /** 项目代码, e.g. 2505-330354-04-01-274607. */
  projectCode: string;
  projectName: string;
  /** 项目单位. */
  enterpriseName: string;
  /** 统一社会信用代码 (GB 32100). */
  creditCode: string;
  /** Name of the construction region, e.g. 浙江省温州市瓯海区. */
  regionName: string;
  /** Address within the region. */
  address: string;
  /** 建设规模及内容 (free text, may be several hundred characters). */
  scaleAndContent: string;
  /** 总投资 in 万元 as a decimal string (never a float), printed as given. */
  totalInvestmentWan: string;
  /** 计划开工时间: YYYY-MM or YYYY-MM-DD (printed in Chinese form), or free text printed as given. */
  plannedStart: string;
  /** 计划竣工时间, same forms as plannedStart. */
  plannedEnd: string;
  /** 国民经济行业分类 (GB/T 4754) code, e.g. C3985. */
  industryCode: string;
  industryName: string;
  /** 备案机关. */
  authorityName: string;
  /** 备案日期, YYYY-MM-DD (Asia/Shanghai). */
  filedAt: string;
  /** The enterprise's statement that the project complies with industrial policy (art.13 item 4). */
  policyStatement: string;
  /** Public lookup URL of the project code (see projectLookupUrl); encoded in the QR mark and printed in the footer. */
  lookupUrl: string;
}

/** Options that do not belong to the certificate's content. */
export interface RenderFilingCertificateOptions {
  /** Creation date in the PDF metadata; defaults to now. Fix it for reproducible output. */
  generatedAt?: Date;
}

const TITLE = '企业投资项目备案证明';

// A4 portrait in points; margins about 20 mm at the sides and top.
const MARGIN_X = 56;
const MARGIN_TOP = 52;
const MARGIN_BOTTOM = 34;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const LABEL_COLUMN_WIDTH = 112;
const CELL_PADDING_X = 8;
const CELL_PADDING_Y = 5;
const QR_SIZE = 74;
/** Under the star of this document's seal. */
const SEAL_FOOTER: SealFooter = { text: '投资项目在线审批监管平台', sizeRatio: 0.105, offsetRatio: 0.52 };
const SEAL_RADIUS = 44;

/** Body sizes tried in turn until the page fits (long 建设规模及内容 texts shrink the type instead of spilling over). */
const BODY_SIZES = [10.5, 10, 9.5, 9, 8.5, 8];

/** Multiply, like ink: the text under the seal stays black and legible instead of being painted over in red. */

/**
 * Renders the 备案证明 as an A4 PDF with the platform's embedded (subset) CJK font. It is one page: text too long for it
 * is set smaller (down to 8 pt); only a 建设规模及内容 longer than about 600 characters continues on an 附页, so no
 * filed text is ever dropped.
 */
export async function renderFilingCertificate(
  data: FilingCertificateData,
  options: RenderFilingCertificateOptions = {},
): Promise<Uint8Array> {
  const doc = await createPlatformPdf({
    title: `${TITLE}（${data.projectCode}）`,
    author: PLATFORM_NAME,
    subject: `${data.projectName} — ${data.enterpriseName}`,
    keywords: [data.projectCode, '备案证明', data.enterpriseName],
    generatedAt: options.generatedAt ?? new Date(),
  });

  const font = await embedCjkFont(doc);
  const qrImage = await doc.embedPng(await renderQrPng(data.lookupUrl, { width: 300 }));
  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);

  const footerTop = drawFooter(page, font, data);
  const bottomBand = drawSignatureBand(page, font, qrImage, data, footerTop + 10);
  const top = drawHeading(page, font, data);
  const continued = drawBody(page, font, data, top - 16, bottomBand.top + 12);
  drawSeal(page, font, {
    cx: bottomBand.sealCenter.x,
    cy: bottomBand.sealCenter.y,
    r: SEAL_RADIUS,
    name: data.authorityName,
    footer: SEAL_FOOTER,
  });
  if (continued) drawContinuationPages(doc, font, data, continued);

  return doc.save();
}

/** Title and the project code; returns the y below them. */
function drawHeading(page: PDFPage, font: PDFFont, data: FilingCertificateData): number {
  let y = PAGE_HEIGHT - MARGIN_TOP;
  const small = 8.5;
  y -= small;
  page.drawText(PLATFORM_NAME, { x: MARGIN_X, y, size: small, font, color: GREY });
  const right = `备案日期 ${formatChineseDate(data.filedAt)}`;
  page.drawText(right, {
    x: PAGE_WIDTH - MARGIN_X - font.widthOfTextAtSize(right, small),
    y,
    size: small,
    font,
    color: GREY,
  });
  y -= 6;
  page.drawLine({ start: { x: MARGIN_X, y }, end: { x: PAGE_WIDTH - MARGIN_X, y }, thickness: 0.6, color: RULE });

  const titleSize = 22;
  y -= 16 + titleSize;
  drawBoldText(page, font, TITLE, centeredX(font, TITLE, titleSize), y, titleSize, BLACK);

  // The project code is the spine of every procedure (条例673 art.4): print it large and centred.
  const label = '项目代码：';
  const labelSize = 11;
  const codeSize = 16;
  const totalWidth = font.widthOfTextAtSize(label, labelSize) + font.widthOfTextAtSize(data.projectCode, codeSize);
  const x = (PAGE_WIDTH - totalWidth) / 2;
  y -= 14 + codeSize;
  page.drawText(label, { x, y, size: labelSize, font, color: GREY });
  drawBoldText(page, font, data.projectCode, x + font.widthOfTextAtSize(label, labelSize), y, codeSize, BLACK);
  return y;
}

interface Row {
  label: string;
  value: string;
  /** The one cell that may continue on an 附页 when nothing else makes the page fit. */
  continuable?: boolean;
}

/** What did not fit on the first page: the rest of the 建设规模及内容 lines, at the type size they were wrapped for. */
interface Continuation {
  lines: string[];
  size: number;
}

/**
 * The table of filed items, the enterprise's statement and the notice, between `top` and `bottom`. Returns the lines
 * that go on an 附页, if any.
 */
function drawBody(
  page: PDFPage,
  font: PDFFont,
  data: FilingCertificateData,
  top: number,
  bottom: number,
): Continuation | undefined {
  const rows: Row[] = [
    { label: '项目名称', value: data.projectName },
    { label: '项目代码', value: data.projectCode },
    { label: '项目单位', value: data.enterpriseName },
    { label: '统一社会信用代码', value: data.creditCode },
    { label: '建设地点', value: joinSite(data.regionName, data.address) },
    { label: '建设规模及内容', value: data.scaleAndContent, continuable: true },
    { label: '总投资（万元）', value: data.totalInvestmentWan },
    {
      label: '计划开工/竣工时间',
      value: `${formatChineseDate(data.plannedStart)} 至 ${formatChineseDate(data.plannedEnd)}`,
    },
    { label: '所属行业', value: `${data.industryCode} ${data.industryName}` },
    { label: '备案机关', value: data.authorityName },
    { label: '备案日期', value: formatChineseDate(data.filedAt) },
  ];
  const statement = `项目单位承诺：${data.policyStatement}`;
  const notice = [
    '说明：',
    '1. 依据《企业投资项目核准和备案管理条例》第十三条，备案机关收到项目单位通过在线平台告知的全部备案信息即为备案；项目单位对备案项目信息的真实性负责。',
    '2. 依据该条例第十四条，已备案项目信息发生较大变更的，项目单位应当及时告知备案机关。',
    '3. 本证明不代替项目开工建设前依法应当办理的规划、用地、环境影响评价、施工许可等手续。',
  ].join('\n');

  for (const size of BODY_SIZES) {
    const layout = layoutBody(font, rows, statement, notice, size, top - bottom, size === BODY_SIZES.at(-1));
    if (layout) {
      layout.draw(page, top);
      return layout.continuation;
    }
  }
  throw new Error('filing certificate: body does not fit on one page'); // unreachable: the last size continues
}

/**
 * Measures the body at one type size. Returns a drawing function if it fits in `available` points (moving the end of the
 * continuable cell to an 附页 when `mayContinue`), otherwise undefined.
 */
function layoutBody(
  font: PDFFont,
  rows: Row[],
  statement: string,
  notice: string,
  size: number,
  available: number,
  mayContinue: boolean,
): { draw: (page: PDFPage, top: number) => void; continuation?: Continuation } | undefined {
  const lineHeight = size * 1.5;
  const noticeSize = Math.max(size - 1.5, 7.5);
  const noticeLineHeight = noticeSize * 1.5;
  const valueWidth = CONTENT_WIDTH - LABEL_COLUMN_WIDTH - 2 * CELL_PADDING_X;
  const labelWidth = LABEL_COLUMN_WIDTH - 2 * CELL_PADDING_X;

  const cells = rows.map((row) => ({
    row,
    labelLines: wrapCjkText(font, row.label, size, labelWidth),
    valueLines: wrapCjkText(font, row.value, size, valueWidth),
  }));
  const statementLines = wrapCjkText(font, statement, size, CONTENT_WIDTH);
  const noticeLines = wrapCjkText(font, notice, noticeSize, CONTENT_WIDTH);

  const rowHeight = (cell: (typeof cells)[number]) =>
    Math.max(cell.labelLines.length, cell.valueLines.length) * lineHeight + 2 * CELL_PADDING_Y;
  const gap = 12;
  const fixedHeight = gap + statementLines.length * lineHeight + gap + noticeLines.length * noticeLineHeight;
  const tableHeight = () => cells.reduce((sum, cell) => sum + rowHeight(cell), 0);

  const overflow = tableHeight() + fixedHeight - available;
  let continuation: Continuation | undefined;
  if (overflow > 0) {
    if (!mayContinue) return undefined;
    const cell = cells.find((c) => c.row.continuable)!;
    const keep = cell.valueLines.length - Math.ceil(overflow / lineHeight) - 1;
    if (keep < 1) throw new Error('filing certificate: fields too long for one page');
    continuation = { lines: cell.valueLines.slice(keep), size };
    cell.valueLines = [...cell.valueLines.slice(0, keep), '（续见附页）'];
  }

  const draw = (page: PDFPage, top: number) => {
    let y = top;
    const tableTop = y;
    for (const cell of cells) {
      const height = rowHeight(cell);
      page.drawRectangle({ x: MARGIN_X, y: y - height, width: LABEL_COLUMN_WIDTH, height, color: LABEL_FILL });
      drawLines(page, font, cell.labelLines, MARGIN_X + CELL_PADDING_X, y - CELL_PADDING_Y, size, lineHeight, BLACK);
      const valueX = MARGIN_X + LABEL_COLUMN_WIDTH + CELL_PADDING_X;
      drawLines(page, font, cell.valueLines, valueX, y - CELL_PADDING_Y, size, lineHeight, BLACK);
      y -= height;
      page.drawLine({
        start: { x: MARGIN_X, y },
        end: { x: MARGIN_X + CONTENT_WIDTH, y },
        thickness: 0.5,
        color: RULE,
      });
    }
    // Outer frame and the column rule, drawn last so the label fills do not cover them.
    page.drawRectangle({
      x: MARGIN_X,
      y,
      width: CONTENT_WIDTH,
      height: tableTop - y,
      borderColor: RULE,
      borderWidth: 0.8,
    });
    const columnX = MARGIN_X + LABEL_COLUMN_WIDTH;
    page.drawLine({ start: { x: columnX, y: tableTop }, end: { x: columnX, y }, thickness: 0.5, color: RULE });

    y -= gap;
    drawLines(page, font, statementLines, MARGIN_X, y, size, lineHeight, BLACK);
    y -= statementLines.length * lineHeight + gap;
    drawLines(page, font, noticeLines, MARGIN_X, y, noticeSize, noticeLineHeight, GREY);
  };
  return { draw, continuation };
}

/**
 * 附页 for a 建设规模及内容 too long for the first page: the same column width and type size, headed with the title and
 * project code so a loose sheet is still identifiable, and the footer with the lookup URL.
 */
function drawContinuationPages(doc: PDFDocument, font: PDFFont, data: FilingCertificateData, rest: Continuation) {
  const lineHeight = rest.size * 1.5;
  const x = MARGIN_X + LABEL_COLUMN_WIDTH + CELL_PADDING_X;
  let remaining = rest.lines;
  while (remaining.length > 0) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const bottom = drawFooter(page, font, data) + 12;
    let y = PAGE_HEIGHT - MARGIN_TOP - 12;
    const heading = `${TITLE} · 附页`;
    drawBoldText(page, font, heading, centeredX(font, heading, 14), y, 14, BLACK);
    y -= 20;
    const code = `项目代码：${data.projectCode}`;
    page.drawText(code, { x: centeredX(font, code, 10.5), y, size: 10.5, font, color: GREY });
    y -= 24;
    page.drawText('建设规模及内容（续）', {
      x: MARGIN_X + CELL_PADDING_X,
      y: y - lineHeight * 0.7,
      size: rest.size,
      font,
    });
    const fit = Math.max(1, Math.floor((y - bottom) / lineHeight));
    drawLines(page, font, remaining.slice(0, fit), x, y, rest.size, lineHeight, BLACK);
    remaining = remaining.slice(fit);
  }
}

/**
 * The signature band above the footer: 备案机关 and date on the right of centre, the QR mark bottom-right with its
 * caption. Returns the band's top and where the seal goes (over the 备案机关 line, as a stamp would).
 */
function drawSignatureBand(
  page: PDFPage,
  font: PDFFont,
  qrImage: PDFImage,
  data: FilingCertificateData,
  bottom: number,
): { top: number; sealCenter: { x: number; y: number } } {
  const captionSize = 8;
  const qrX = PAGE_WIDTH - MARGIN_X - QR_SIZE;
  const qrY = bottom + captionSize + 6;
  page.drawImage(qrImage, { x: qrX, y: qrY, width: QR_SIZE, height: QR_SIZE });
  const caption = '扫码核验';
  page.drawText(caption, {
    x: qrX + (QR_SIZE - font.widthOfTextAtSize(caption, captionSize)) / 2,
    y: bottom + 2,
    size: captionSize,
    font,
    color: GREY,
  });

  const size = 10.5;
  const lineHeight = size * 1.6;
  const textRight = qrX - 28;
  const authorityLabel = '备案机关：';
  const labelWidth = font.widthOfTextAtSize(authorityLabel, size);
  // A long authority name wraps under itself, indented past the label.
  const nameLines = wrapCjkText(
    font,
    data.authorityName,
    size,
    textRight - MARGIN_X - CONTENT_WIDTH * 0.3 - labelWidth,
  );
  const lines = [
    ...nameLines.map((name, i) => ({
      text: i === 0 ? `${authorityLabel}${name}` : name,
      dx: i === 0 ? 0 : labelWidth,
    })),
    { text: `备案日期：${formatChineseDate(data.filedAt)}`, dx: 0 },
  ];
  const blockWidth = Math.max(...lines.map((l) => l.dx + font.widthOfTextAtSize(l.text, size)));
  const x = textRight - blockWidth;
  const centerY = qrY + QR_SIZE / 2;
  const firstBaseline = centerY + ((lines.length - 1) * lineHeight) / 2 - size * 0.35;
  lines.forEach((line, i) =>
    page.drawText(line.text, { x: x + line.dx, y: firstBaseline - i * lineHeight, size, font, color: BLACK }),
  );

  // The seal is stamped over the end of the authority's name and the date, as an official seal covers the date (压年盖月).
  const lastNameWidth = font.widthOfTextAtSize(nameLines.at(-1)!, size);
  const sealCenter = {
    x: Math.min(x + labelWidth + lastNameWidth * 0.62, textRight - SEAL_RADIUS * 0.55),
    y: centerY,
  };
  const top = Math.max(qrY + QR_SIZE, sealCenter.y + SEAL_RADIUS);
  return { top, sealCenter };
}

/** Rule and footer text at the bottom of the page; returns the y of the rule. */
function drawFooter(page: PDFPage, font: PDFFont, data: FilingCertificateData): number {
  const size = 7.5;
  const lineHeight = size * 1.45;
  const text =
    `本证明由${PLATFORM_NAME}生成，可扫描二维码或访问 ${data.lookupUrl} 核验。` +
    '页面中的印章为系统生成的图样，不是电子签章，真伪以扫码核验结果为准。';
  const lines = wrapCjkText(font, text, size, CONTENT_WIDTH);
  let y = MARGIN_BOTTOM + (lines.length - 1) * lineHeight;
  const ruleY = y + size + 5;
  page.drawLine({
    start: { x: MARGIN_X, y: ruleY },
    end: { x: PAGE_WIDTH - MARGIN_X, y: ruleY },
    thickness: 0.5,
    color: RULE,
  });
  for (const line of lines) {
    page.drawText(line, { x: MARGIN_X, y, size, font, color: GREY });
    y -= lineHeight;
  }
  return ruleY;
}

/** 建设地点 = region name + address, without repeating the region when the address already starts with it. */
function joinSite(regionName: string, address: string): string {
  return address.startsWith(regionName) ? address : `${regionName}${address}`;
}

/** YYYY-MM-DD → 2025年5月12日, YYYY-MM → 2025年6月; anything else is printed as given. */
export function formatChineseDate(value: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
  if (!match) return value;
  const [, year, month, day] = match;
  return `${year}年${Number(month)}月${day ? `${Number(day)}日` : ''}`;
}
