import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Font } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The platform's own CJK font for generated PDFs, so a fresh machine needs no system fonts.
 *
 * WenQuanYi Micro Hei 0.2.0-beta (Debian fonts-wqy-microhei 0.2.0-beta-3.1; Apache-2.0 or GPLv3 with font exception, see
 * assets/fonts/README.md). It is chosen because it has TrueType (glyf) outlines: pdf-lib's subsetter breaks CFF/OTF
 * fonts such as Noto Sans CJK (poppler shows tofu) and some TrueType fonts, but produces a correct subset of this one,
 * checked in poppler and MuPDF. It covers GB 18030's common range (including 犇骉龘) but not CJK Extension A/B
 * (䶮, 𠀀): use {@link unsupportedCharacters} to detect such names.
 */
export const CJK_FONT_PATH = path.resolve(import.meta.dirname, '../../assets/fonts/wqy-microhei.ttc');

/** The face to use from the TrueType collection (the other face is the monospaced WenQuanYiMicroHeiMono). */
const FACE_POSTSCRIPT_NAME = 'WenQuanYiMicroHei';

let fontBytes: Uint8Array | undefined;
let fontFace: Font | undefined;

/** The font file's bytes, read once per process. */
function loadFontBytes(): Uint8Array {
  fontBytes ??= fs.readFileSync(CJK_FONT_PATH);
  return fontBytes;
}

/**
 * pdf-lib calls `fontkit.create(bytes)` with no face name, which for a collection (TTC) returns the collection, not a
 * font. This wrapper picks the face, and reuses the parsed face for our own font bytes so the 5 MB file is parsed once.
 */
const collectionAwareFontkit = {
  create(bytes: Uint8Array, postscriptName?: string): Font {
    if (bytes === fontBytes) {
      fontFace ??= fontkit.create(bytes, FACE_POSTSCRIPT_NAME);
      return fontFace;
    }
    return fontkit.create(bytes, postscriptName);
  },
};

/**
 * Embeds the platform CJK font into `doc`, subset to the glyphs the document uses (a page of Chinese text adds about
 * 20–40 KB instead of 5 MB). Call once per document and draw all text with the returned font.
 */
export async function embedCjkFont(doc: PDFDocument): Promise<PDFFont> {
  const bytes = loadFontBytes();
  doc.registerFontkit(collectionAwareFontkit);
  return doc.embedFont(bytes, { subset: true });
}

/**
 * Characters of `text` the font has no glyph for (they would print as empty boxes), without duplicates. Whitespace and
 * control characters are ignored.
 */
export function unsupportedCharacters(font: PDFFont, text: string): string[] {
  const supported = new Set(font.getCharacterSet());
  const missing = new Set<string>();
  for (const char of text) {
    if (/\s|\p{Cc}/u.test(char)) continue;
    if (!supported.has(char.codePointAt(0)!)) missing.add(char);
  }
  return [...missing];
}

/**
 * 避头尾 (GB/T 15834 line-breaking convention, simple form): closing punctuation may not begin a line, opening
 * punctuation may not end one.
 */
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉】〕”’…—·%,.;:!?)]}']);
const NO_LINE_END = new Set([...'（「『《〈【〔“‘([{']);

/** Runs of Latin letters, digits and number punctuation stay together where they fit (codes, amounts, URLs). */
const LATIN_RUN = /^[\p{Script=Latin}\d.,:/\-_%@#&=?+~]$/u;

/**
 * Wraps `text` to lines no wider than `maxWidth` at `size` points. pdf-lib's own `maxWidth` only breaks at spaces, so
 * Chinese text would run off the page; this breaks between any two CJK characters, keeps Latin/number runs whole where
 * they fit, honours explicit line breaks, and applies 避头尾: when a line would start with closing punctuation (，。）…)
 * the preceding character moves down with it; when it would end with opening punctuation (（《“…) that moves down.
 */
export function wrapCjkText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const widthOf = (s: string) => font.widthOfTextAtSize(s, size);
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    const tokens = tokenize(paragraph).flatMap((token) =>
      token.length > 1 && widthOf(token) > maxWidth ? [...token] : [token],
    );
    let current: string[] = [];
    let width = 0;
    for (const token of tokens) {
      const tokenWidth = widthOf(token);
      if (current.length > 0 && width + tokenWidth > maxWidth) {
        const carried: string[] = [];
        // 行首禁则: a closing mark may not start the next line, so the character before it goes down too.
        while (current.length > 1 && NO_LINE_START.has(firstChar(carried[0] ?? token))) carried.unshift(current.pop()!);
        // 行尾禁则: an opening mark may not end this line.
        while (current.length > 1 && NO_LINE_END.has(lastChar(current.at(-1)!))) carried.unshift(current.pop()!);
        lines.push(current.join('').trimEnd());
        current = carried;
        width = widthOf(current.join(''));
      }
      if (current.length === 0 && token.trim() === '') continue; // no leading spaces on a wrapped line
      current.push(token);
      width += tokenWidth;
    }
    lines.push(current.join('').trimEnd());
  }
  return lines;
}

/** Splits a paragraph into unbreakable units: single characters, or runs of Latin letters/digits. */
function tokenize(paragraph: string): string[] {
  const tokens: string[] = [];
  let run = '';
  for (const char of paragraph) {
    if (LATIN_RUN.test(char)) {
      run += char;
      continue;
    }
    if (run) tokens.push(run);
    run = '';
    tokens.push(char);
  }
  if (run) tokens.push(run);
  return tokens;
}

function firstChar(s: string): string {
  return String.fromCodePoint(s.codePointAt(0) ?? 0);
}

function lastChar(s: string): string {
  return [...s].at(-1) ?? '';
}
