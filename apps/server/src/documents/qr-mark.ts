import QRCode from 'qrcode';

/**
 * The project's QR mark (项目二维码). Every project code has a QR mark from which the project's name, code and status can be
 * looked up, and every document that names a project shows its code and QR mark (发改投资〔2020〕1439号; DOMAIN.md §2).
 * The mark encodes the public lookup URL of the project code on the web app.
 *
 * Error correction 'M' (about 15 % recoverable) is enough for a printed or on-screen document and keeps the symbol small;
 * margin 1 because the document draws its own white space around the mark.
 */
const ERROR_CORRECTION = 'M';
const MARGIN = 1;

/** Options for {@link renderQrPng}. */
export interface QrPngOptions {
  /** Width of the PNG in pixels (the image is square). Default 300: crisp when printed at about 2.5 cm. */
  width?: number;
  /** Quiet zone in modules. Default 1. */
  margin?: number;
}

/** Renders `text` as a black-on-white QR code PNG (error correction M). */
export async function renderQrPng(text: string, options: QrPngOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: options.margin ?? MARGIN,
    width: options.width ?? 300,
  });
}

/** Renders `text` as a QR code SVG document (error correction M, margin 1), for the web app and for screens. */
export async function renderQrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN });
}

/**
 * The public lookup page of a project code on the web app: `${baseUrl}/public/project-codes/<code>`.
 * `baseUrl` is the platform's public origin (from configuration); a trailing slash on it is ignored.
 */
export function projectLookupUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/public/project-codes/${encodeURIComponent(code)}`;
}
