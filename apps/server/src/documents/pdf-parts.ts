/**
 * Parts shared by the platform's PDF documents (备案证明, 受理回执, 电子证照): A4 geometry, colours, the drawn red seal,
 * line and faux-bold text drawing. Fonts come from cjk-font.ts, QR marks from qr-mark.ts.
 *
 * The red seal is a drawn image marked as such, not a 电子印章 under 《电子签名法》 / GB/T 38540: authenticity rests on the
 * QR lookup (and, for e-licences, on the SM2 signature — ADR 0005).
 */
import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  type RGB,
  BlendMode,
  degrees,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setLineWidth,
  setStrokingColor,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';

export const PLATFORM_NAME = '一网投资项目在线审批监管平台';

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

export const BLACK = rgb(0.1, 0.1, 0.1);
export const GREY = rgb(0.38, 0.38, 0.38);
export const RULE = rgb(0.45, 0.45, 0.45);
export const LABEL_FILL = rgb(0.95, 0.95, 0.95);
export const SEAL_RED = rgb(0.85, 0.11, 0.11);
const SEAL_OPACITY = 0.9;
/** Multiply, like ink: text under the seal stays readable. */
const SEAL_BLEND = BlendMode.Multiply;

/** What is written under the star of a seal, and how big (a fraction of the radius) and how low (ditto). */
export interface SealFooter {
  text: string;
  sizeRatio: number;
  offsetRatio: number;
}

/** A round red seal image: ring, star, the authority's name along the upper arc, and a footer line under the star. */
export function drawSeal(
  page: PDFPage,
  font: PDFFont,
  seal: { cx: number; cy: number; r: number; name: string; footer: SealFooter },
): void {
  const { cx, cy, r } = seal;
  const paint = { color: SEAL_RED, opacity: SEAL_OPACITY, blendMode: SEAL_BLEND };
  const ringWidth = r * 0.055;
  page.drawCircle({
    x: cx,
    y: cy,
    size: r,
    borderColor: SEAL_RED,
    borderWidth: ringWidth,
    borderOpacity: SEAL_OPACITY,
    blendMode: SEAL_BLEND,
  });

  // Star: outer radius 0.3 r, inner radius 0.382 × outer (a regular pentagram). SVG y points down, so negate.
  const outer = r * 0.3;
  const inner = outer * 0.382;
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = Math.PI / 2 + (i * Math.PI) / 5;
    return `${(radius * Math.cos(angle)).toFixed(2)},${(-radius * Math.sin(angle)).toFixed(2)}`;
  });
  page.drawSvgPath(`M${points.join(' L')} Z`, { x: cx, y: cy, ...paint });

  // Name along the upper arc, each glyph upright towards the rim, read clockwise from the lower left.
  const chars = [...seal.name];
  const maxSpan = (225 * Math.PI) / 180;
  const gaps = Math.max(chars.length - 1, 1);
  let size = r * 0.22;
  let radius = r - ringWidth - size * 0.78;
  // Spread the name over about 220° as on a real seal; shrink the type when a long name needs more than 225°
  // (beyond that the ends would run into the footer under the star).
  let step = Math.max((size * 1.12) / radius, Math.min((220 * Math.PI) / 180 / gaps, (size * 1.6) / radius));
  if (step * gaps > maxSpan) {
    step = maxSpan / gaps;
    size = Math.max((step * radius) / 1.08, r * 0.12);
    radius = r - ringWidth - size * 0.78;
  }
  const span = step * (chars.length - 1);
  chars.forEach((char, i) => {
    const theta = Math.PI / 2 + span / 2 - i * step;
    const phi = theta - Math.PI / 2;
    // Put the glyph's centre (w/2, 0.36 em above the baseline) on the arc: origin = centre − R(φ)·(w/2, 0.36 size).
    const ox = font.widthOfTextAtSize(char, size) / 2;
    const oy = size * 0.36;
    page.drawText(char, {
      x: cx + radius * Math.cos(theta) - (ox * Math.cos(phi) - oy * Math.sin(phi)),
      y: cy + radius * Math.sin(theta) - (ox * Math.sin(phi) + oy * Math.cos(phi)),
      size,
      font,
      ...paint,
      rotate: degrees((phi * 180) / Math.PI),
    });
  });

  const small = r * seal.footer.sizeRatio;
  page.drawText(seal.footer.text, {
    x: cx - font.widthOfTextAtSize(seal.footer.text, small) / 2,
    y: cy - r * seal.footer.offsetRatio,
    size: small,
    font,
    ...paint,
  });
}

/** Draws lines top-down; `top` is the top of the first line box. */
export function drawLines(
  page: PDFPage,
  font: PDFFont,
  lines: string[],
  x: number,
  top: number,
  size: number,
  lineHeight: number,
  color: RGB = BLACK,
): void {
  // Baseline sits about 0.3 of the leading below the line box's centre for this font (ascent 0.88, descent 0.12 em).
  lines.forEach((line, i) => {
    const baseline = top - i * lineHeight - (lineHeight + size * 0.76) / 2;
    page.drawText(line, { x, y: baseline, size, font, color });
  });
}

/** Text filled and thinly stroked: a faux bold, since the shipped font has one weight. */
export function drawBoldText(
  page: PDFPage,
  font: PDFFont,
  text: string,
  x: number,
  y: number,
  size: number,
  color: RGB,
): void {
  page.pushOperators(
    pushGraphicsState(),
    setTextRenderingMode(TextRenderingMode.FillAndOutline),
    setLineWidth(size * 0.03),
    setStrokingColor(color),
  );
  page.drawText(text, { x, y, size, font, color });
  page.pushOperators(popGraphicsState());
}

/** The x that centres `text` on an A4 page. */
export function centeredX(font: PDFFont, text: string, size: number): number {
  return (PAGE_WIDTH - font.widthOfTextAtSize(text, size)) / 2;
}

/**
 * A new A4 document of the platform with its metadata set (title shown in the viewer's title bar, author, subject,
 * keywords, zh-CN, created and modified at `generatedAt`), as every platform PDF carries them.
 */
export async function createPlatformPdf(meta: {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator?: string;
  generatedAt: Date;
}): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator ?? 'Yiwang 一网');
  doc.setProducer('Yiwang 一网 (pdf-lib)');
  doc.setLanguage('zh-CN');
  doc.setCreationDate(meta.generatedAt);
  doc.setModificationDate(meta.generatedAt);
  return doc;
}
