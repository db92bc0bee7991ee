import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
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
  SEAL_RED,
  type SealFooter,
} from './pdf-parts.ts';
import { embedCjkFont, wrapCjkText } from './cjk-font.ts';
import { formatChineseDate } from './filing-certificate.ts';
import { renderQrPng } from './qr-mark.ts';

/**
 * 电子证照 — the printable form of an e-licence issued on a 准予 decision (issue 5). Its content is exactly the signed
 * licence record (domain `LicenceRecord`); the document adds the QR mark of the public verification page and a signature
 * block naming the algorithm (SM2 with SM3, GB/T 32918 / GB/T 32905), the signing key's fingerprint and the ends of the
 * signature value, so a reader can compare the paper with the online answer.
 *
 * The red seal is a drawn image (like the 备案证明's), not a 电子印章 under GB/T 38540: authenticity rests on the SM2
 * signature checked at the verification page (docs/adr/0005-e-licence-signature.md).
 */
export interface LicencePdfData {
  number: string;
  /** 证照类型名称, printed as the title. */
  licenceTypeName: string;
  holderName: string;
  holderCreditCode: string;
  projectCode: string;
  projectName: string;
  matterName: string;
  /** 证照内容 (free text, may run to several hundred characters; line breaks are kept). */
  content: string;
  issuingDepartment: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  validFrom: string;
  /** Last valid day (YYYY-MM-DD), or null for 长期有效. Reflects an extension. */
  validUntil: string | null;
  /** Public verification URL (`${PUBLIC_BASE_URL}/public/licences/<number>`), encoded in the QR mark. */
  verifyUrl: string;
  signature: {
    algorithm: string;
    publicKeyFingerprint: string;
    /** The signature value (hex); the block prints its first and last characters. */
    value: string;
  };
  /** A line printed in red under the title when the licence is no longer valid (e.g. 已撤销), else omitted. */
  statusNote?: string | null;
  /** A note on the validity line, e.g. that the validity was extended. */
  validityNote?: string | null;
}

export interface RenderLicenceOptions {
  /** Creation date in the PDF metadata; defaults to now. */
  generatedAt?: Date;
}

const MARGIN_X = 56;
const MARGIN_TOP = 52;
const MARGIN_BOTTOM = 34;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const LABEL_COLUMN_WIDTH = 104;
const CELL_PADDING_X = 8;
const CELL_PADDING_Y = 5;
const QR_SIZE = 78;
/** Under the star of this document's seal. */
const SEAL_FOOTER: SealFooter = { text: '电子证照', sizeRatio: 0.16, offsetRatio: 0.56 };
const SEAL_RADIUS = 44;
const BODY_SIZES = [11, 10.5, 10, 9.5, 9, 8.5, 8];

const SIGNATURE_FILL = rgb(0.97, 0.97, 0.99);

/** Renders the licence as an A4 PDF (one page; a very long 证照内容 continues on an 附页, never dropped). */
export async function renderLicencePdf(data: LicencePdfData, options: RenderLicenceOptions = {}): Promise<Uint8Array> {
  const doc = await createPlatformPdf({
    title: `${data.licenceTypeName}（${data.number}）`,
    author: data.issuingDepartment,
    subject: `${data.projectName} — ${data.holderName}`,
    keywords: [data.number, data.projectCode, '电子证照', data.holderName],
    creator: `Yiwang 一网 · ${PLATFORM_NAME}`,
    generatedAt: options.generatedAt ?? new Date(),
  });

  const font = await embedCjkFont(doc);
  const qrImage = await doc.embedPng(await renderQrPng(data.verifyUrl, { width: 300 }));
  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);

  const footerTop = drawFooter(page, font, data);
  const signatureTop = drawSignatureBlock(page, font, data, footerTop + 10);
  const band = drawIssuerBand(page, font, qrImage, data, signatureTop + 12);
  const top = drawHeading(page, font, data);
  const continued = drawBody(page, font, data, top - 16, band.top + 10);
  drawSeal(page, font, {
    cx: band.sealCenter.x,
    cy: band.sealCenter.y,
    r: SEAL_RADIUS,
    name: data.issuingDepartment,
    footer: SEAL_FOOTER,
  });
  if (continued) drawContinuationPages(doc, font, data, continued);
  return doc.save();
}

/** Platform line, title (the licence type's name, wrapped when long) and the licence number; returns the y below. */
function drawHeading(page: PDFPage, font: PDFFont, data: LicencePdfData): number {
  let y = PAGE_HEIGHT - MARGIN_TOP;
  const small = 8.5;
  y -= small;
  page.drawText(`${PLATFORM_NAME} · 电子证照`, { x: MARGIN_X, y, size: small, font, color: GREY });
  const right = `发证日期 ${formatChineseDate(data.issuedOn)}`;
  page.drawText(right, {
    x: PAGE_WIDTH - MARGIN_X - font.widthOfTextAtSize(right, small),
    y,
    size: small,
    font,
    color: GREY,
  });
  y -= 6;
  page.drawLine({ start: { x: MARGIN_X, y }, end: { x: PAGE_WIDTH - MARGIN_X, y }, thickness: 0.6, color: RULE });

  // Catalogue names can be long (项目审批、核准或备案文件（可研批复、核准批复、备案证明）): shrink to one line down to 16 pt,
  // then wrap.
  const maxTitle = 24;
  const fitted = (CONTENT_WIDTH / font.widthOfTextAtSize(data.licenceTypeName, 1)) * 0.98;
  const titleSize = Math.min(maxTitle, Math.max(16, fitted));
  const titleLines = wrapCjkText(font, data.licenceTypeName, titleSize, CONTENT_WIDTH);
  y -= 14;
  for (const line of titleLines) {
    y -= titleSize;
    drawBoldText(page, font, line, centeredX(font, line, titleSize), y, titleSize, BLACK);
    y -= titleSize * 0.35;
  }

  if (data.statusNote) {
    const size = 12;
    y -= 8 + size;
    drawBoldText(page, font, data.statusNote, centeredX(font, data.statusNote, size), y, size, SEAL_RED);
  }

  const label = '证照编号：';
  const labelSize = 11;
  const numberSize = 14;
  const totalWidth = font.widthOfTextAtSize(label, labelSize) + font.widthOfTextAtSize(data.number, numberSize);
  const x = (PAGE_WIDTH - totalWidth) / 2;
  y -= 12 + numberSize;
  page.drawText(label, { x, y, size: labelSize, font, color: GREY });
  drawBoldText(page, font, data.number, x + font.widthOfTextAtSize(label, labelSize), y, numberSize, BLACK);
  return y;
}

interface Row {
  label: string;
  value: string;
  continuable?: boolean;
}

interface Continuation {
  lines: string[];
  size: number;
}

function validityText(data: LicencePdfData): string {
  const range = data.validUntil
    ? `自${formatChineseDate(data.validFrom)}起至${formatChineseDate(data.validUntil)}止`
    : `自${formatChineseDate(data.validFrom)}起长期有效`;
  return data.validityNote ? `${range}（${data.validityNote}）` : range;
}

function drawBody(
  page: PDFPage,
  font: PDFFont,
  data: LicencePdfData,
  top: number,
  bottom: number,
): Continuation | undefined {
  const rows: Row[] = [
    { label: '持证主体', value: data.holderName },
    { label: '统一社会信用代码', value: data.holderCreditCode },
    { label: '项目代码', value: data.projectCode },
    { label: '项目名称', value: data.projectName },
    { label: '审批事项', value: data.matterName },
    { label: '证照内容', value: data.content, continuable: true },
    { label: '有效期限', value: validityText(data) },
    { label: '发证机关', value: data.issuingDepartment },
    { label: '发证日期', value: formatChineseDate(data.issuedOn) },
  ];
  for (const size of BODY_SIZES) {
    const layout = layoutTable(font, rows, size, top - bottom, size === BODY_SIZES.at(-1));
    if (layout) {
      layout.draw(page, top);
      return layout.continuation;
    }
  }
  throw new Error('licence: body does not fit on one page'); // unreachable: the last size continues
}

function layoutTable(
  font: PDFFont,
  rows: Row[],
  size: number,
  available: number,
  mayContinue: boolean,
): { draw: (page: PDFPage, top: number) => void; continuation?: Continuation } | undefined {
  const lineHeight = size * 1.5;
  const valueWidth = CONTENT_WIDTH - LABEL_COLUMN_WIDTH - 2 * CELL_PADDING_X;
  const labelWidth = LABEL_COLUMN_WIDTH - 2 * CELL_PADDING_X;
  const cells = rows.map((row) => ({
    row,
    labelLines: wrapCjkText(font, row.label, size, labelWidth),
    valueLines: wrapCjkText(font, row.value, size, valueWidth),
  }));
  const rowHeight = (cell: (typeof cells)[number]) =>
    Math.max(cell.labelLines.length, cell.valueLines.length) * lineHeight + 2 * CELL_PADDING_Y;
  const tableHeight = () => cells.reduce((sum, cell) => sum + rowHeight(cell), 0);

  const overflow = tableHeight() - available;
  let continuation: Continuation | undefined;
  if (overflow > 0) {
    if (!mayContinue) return undefined;
    const cell = cells.find((c) => c.row.continuable)!;
    const keep = cell.valueLines.length - Math.ceil(overflow / lineHeight) - 1;
    if (keep < 1) throw new Error('licence: fields too long for one page');
    continuation = { lines: cell.valueLines.slice(keep), size };
    cell.valueLines = [...cell.valueLines.slice(0, keep), '（续见附页）'];
  }

  const draw = (page: PDFPage, top: number) => {
    let y = top;
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
    page.drawRectangle({ x: MARGIN_X, y, width: CONTENT_WIDTH, height: top - y, borderColor: RULE, borderWidth: 0.8 });
    const columnX = MARGIN_X + LABEL_COLUMN_WIDTH;
    page.drawLine({ start: { x: columnX, y: top }, end: { x: columnX, y }, thickness: 0.5, color: RULE });
  };
  return { draw, continuation };
}

function drawContinuationPages(doc: PDFDocument, font: PDFFont, data: LicencePdfData, rest: Continuation) {
  const lineHeight = rest.size * 1.5;
  const x = MARGIN_X + LABEL_COLUMN_WIDTH + CELL_PADDING_X;
  let remaining = rest.lines;
  while (remaining.length > 0) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const bottom = drawFooter(page, font, data) + 12;
    let y = PAGE_HEIGHT - MARGIN_TOP - 12;
    const heading = `${data.licenceTypeName} · 附页`;
    const headingSize = Math.min(14, (CONTENT_WIDTH / font.widthOfTextAtSize(heading, 1)) * 0.98);
    drawBoldText(page, font, heading, centeredX(font, heading, headingSize), y, headingSize, BLACK);
    y -= 20;
    const number = `证照编号：${data.number}\u3000项目代码：${data.projectCode}`;
    page.drawText(number, { x: centeredX(font, number, 10), y, size: 10, font, color: GREY });
    y -= 24;
    page.drawText('证照内容（续）', { x: MARGIN_X + CELL_PADDING_X, y: y - lineHeight * 0.7, size: rest.size, font });
    const fit = Math.max(1, Math.floor((y - bottom) / lineHeight));
    drawLines(page, font, remaining.slice(0, fit), x, y, rest.size, lineHeight, BLACK);
    remaining = remaining.slice(fit);
  }
}

/**
 * The issuer band: 发证机关 and date to the left of the QR mark (with its caption), the seal stamped over the end of the
 * department's name and the date (压年盖月). Returns the band's top and the seal's centre.
 */
function drawIssuerBand(
  page: PDFPage,
  font: PDFFont,
  qrImage: PDFImage,
  data: LicencePdfData,
  bottom: number,
): { top: number; sealCenter: { x: number; y: number } } {
  const captionSize = 8;
  const qrX = PAGE_WIDTH - MARGIN_X - QR_SIZE;
  const qrY = bottom + captionSize + 6;
  page.drawImage(qrImage, { x: qrX, y: qrY, width: QR_SIZE, height: QR_SIZE });
  const caption = '扫码核验证照';
  page.drawText(caption, {
    x: qrX + (QR_SIZE - font.widthOfTextAtSize(caption, captionSize)) / 2,
    y: bottom + 2,
    size: captionSize,
    font,
    color: GREY,
  });

  const size = 11;
  const lineHeight = size * 1.6;
  const textRight = qrX - 30;
  const label = '发证机关：';
  const labelWidth = font.widthOfTextAtSize(label, size);
  const nameLines = wrapCjkText(
    font,
    data.issuingDepartment,
    size,
    textRight - MARGIN_X - CONTENT_WIDTH * 0.3 - labelWidth,
  );
  const lines = [
    ...nameLines.map((name, i) => ({ text: i === 0 ? `${label}${name}` : name, dx: i === 0 ? 0 : labelWidth })),
    { text: `发证日期：${formatChineseDate(data.issuedOn)}`, dx: 0 },
  ];
  const blockWidth = Math.max(...lines.map((l) => l.dx + font.widthOfTextAtSize(l.text, size)));
  const x = textRight - blockWidth;
  const centerY = qrY + QR_SIZE / 2;
  const firstBaseline = centerY + ((lines.length - 1) * lineHeight) / 2 - size * 0.35;
  lines.forEach((line, i) =>
    page.drawText(line.text, { x: x + line.dx, y: firstBaseline - i * lineHeight, size, font, color: BLACK }),
  );
  const lastNameWidth = font.widthOfTextAtSize(nameLines.at(-1)!, size);
  const sealCenter = {
    x: Math.min(x + labelWidth + lastNameWidth * 0.62, textRight - SEAL_RADIUS * 0.55),
    y: centerY,
  };
  return { top: Math.max(qrY + QR_SIZE, sealCenter.y + SEAL_RADIUS), sealCenter };
}

/** The electronic-signature block: algorithm, key fingerprint, the ends of the signature value and where to verify. */
function drawSignatureBlock(page: PDFPage, font: PDFFont, data: LicencePdfData, bottom: number): number {
  const size = 8;
  const lineHeight = size * 1.55;
  const value = data.signature.value;
  const abbreviated = value.length > 24 ? `${value.slice(0, 12)}……${value.slice(-12)}` : value;
  const lines = [
    `电子签名算法：${data.signature.algorithm}`,
    `签名公钥指纹（SM3）：${data.signature.publicKeyFingerprint}`,
    `签名值：${abbreviated}（共 ${value.length} 位十六进制）`,
    `核验地址：${data.verifyUrl}`,
  ].flatMap((line) => wrapCjkText(font, line, size, CONTENT_WIDTH - 16));
  const padding = 6;
  const height = lines.length * lineHeight + 2 * padding + lineHeight;
  page.drawRectangle({
    x: MARGIN_X,
    y: bottom,
    width: CONTENT_WIDTH,
    height,
    color: SIGNATURE_FILL,
    borderColor: RULE,
    borderWidth: 0.5,
  });
  const top = bottom + height;
  drawBoldText(page, font, '电子签名信息', MARGIN_X + 8, top - padding - size, size + 0.5, BLACK);
  drawLines(page, font, lines, MARGIN_X + 8, top - padding - lineHeight, size, lineHeight, GREY);
  return top;
}

function drawFooter(page: PDFPage, font: PDFFont, data: LicencePdfData): number {
  const size = 7.5;
  const lineHeight = size * 1.45;
  const text =
    `本证照由${PLATFORM_NAME}签发，证照数据经 SM2 数字签名，可扫描二维码或访问 ${data.verifyUrl} 核验有效性（含撤销、过期状态）。` +
    '页面中的印章为系统生成的图样，不是电子签章，真伪以在线核验结果为准。';
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
