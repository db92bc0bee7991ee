import type { PDFFont, PDFPage } from 'pdf-lib';
import { embedCjkFont, wrapCjkText } from './cjk-font.ts';
import {
  createPlatformPdf,
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

/**
 * The written notices of the single window (综合窗口): the 受理回执 and the 一次性补正告知书 (行政许可法 art.32 — an
 * application is answered in writing, sealed and dated). Both are the same sheet: a heading with the document's number
 * and the project code, a two-column table of labelled rows, the notes, and the window department's signature block
 * under its drawn seal (压年盖月). Continues on further pages when the rows are many.
 *
 * The red seal is a drawn image marked as such (as on the filing certificate), not a 电子印章 under 《电子签名法》.
 */
export interface WindowDocument {
  title: string;
  /** The document's number: in the heading, the footer of every page and the PDF's title. */
  number: string;
  /** What the number is called (回执编号, 告知书编号). */
  numberLabel: string;
  projectCode: string;
  /** The PDF's subject line. */
  subject: string;
  keywords: string[];
  rows: { label: string; value: string }[];
  /** Printed small under the table, one paragraph per entry. */
  notes: string[];
  /** The window's department: in the signature block and on the seal. */
  departmentName: string;
  departmentLabel: string;
  /** The signature block's date and its label (受理日期, 告知日期). */
  dateLabel: string;
  date: string;
}

const MARGIN_X = 56;
const MARGIN_TOP = 52;
const MARGIN_BOTTOM = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const LABEL_WIDTH = 112;
const PAD_X = 8;
const PAD_Y = 5;
/** Under the star of the window's seal. */
const SEAL_FOOTER: SealFooter = { text: '受理专用章', sizeRatio: 0.14, offsetRatio: 0.55 };
const SEAL_RADIUS = 44;

/** Renders the document as an A4 PDF. */
export async function renderWindowDocument(
  data: WindowDocument,
  options: { generatedAt?: Date } = {},
): Promise<Uint8Array> {
  const doc = await createPlatformPdf({
    title: `${data.title}（${data.number}）`,
    author: PLATFORM_NAME,
    subject: data.subject,
    keywords: data.keywords,
    generatedAt: options.generatedAt ?? new Date(),
  });
  const font = await embedCjkFont(doc);

  const size = 10.5;
  const lineHeight = size * 1.5;
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 2 * PAD_X;
  let page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let y = drawHeading(page, font, data);
  const bottom = MARGIN_BOTTOM + 20;
  for (const row of data.rows) {
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
  const noteLines = wrapCjkText(font, data.notes.join('\n'), noteSize, CONTENT_WIDTH);
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
  const dept = `${data.departmentLabel}：${data.departmentName}`;
  const date = `${data.dateLabel}：${data.date}`;
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
    const footer = `${PLATFORM_NAME} · ${data.numberLabel} ${data.number} · 第 ${i + 1} 页`;
    p.drawText(footer, { x: MARGIN_X, y: MARGIN_BOTTOM - 10, size: 7.5, font, color: GREY });
  }
  return doc.save();
}

function drawHeading(page: PDFPage, font: PDFFont, data: WindowDocument): number {
  let y = PAGE_HEIGHT - MARGIN_TOP - 8.5;
  page.drawText(PLATFORM_NAME, { x: MARGIN_X, y, size: 8.5, font, color: GREY });
  const right = `${data.numberLabel} ${data.number}`;
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
  page.drawText(data.title, {
    x: (PAGE_WIDTH - font.widthOfTextAtSize(data.title, titleSize)) / 2,
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
