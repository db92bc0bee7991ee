import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJK_FONT_PATH, embedCjkFont, unsupportedCharacters, wrapCjkText } from '../src/documents/cjk-font.ts';
import {
  type FilingCertificateData,
  formatChineseDate,
  renderFilingCertificate,
} from '../src/documents/filing-certificate.ts';
import { projectLookupUrl, renderQrPng, renderQrSvg } from '../src/documents/qr-mark.ts';

const CODE = '2505-330354-04-01-274607';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const SCALE_AND_CONTENT =
  '项目总用地面积约120亩，总建筑面积约86000平方米，其中新建生产厂房4幢、研发中心1幢、综合楼1幢及配套仓储、动力站房等设施。' +
  '项目建成后形成年产新能源汽车智能电控系统30万套、高性能功率模块（IGBT/SiC）150万只、车规级传感器500万只的生产能力。' +
  '主要建设内容包括：购置贴片生产线、功率模块封装测试线、自动化装配线及环境可靠性试验设备等国产先进设备共计260台（套）；' +
  '建设数字化车间及工业互联网平台，实现生产过程数据采集、质量追溯和能耗在线监测；配套建设屋顶分布式光伏发电系统约6兆瓦，' +
  '以及雨污分流、废气处理、危废暂存等环保设施。项目不新增燃煤锅炉，综合能源消费量约9800吨标准煤（当量值），符合区域能耗双控要求。';

const DATA: FilingCertificateData = {
  projectCode: CODE,
  projectName: '温州某某新能源汽车智能电控系统及高性能功率模块产业化建设项目（一期）暨数字化车间改造工程',
  enterpriseName: '温州某某新能源科技股份有限公司',
  creditCode: '91330304MA2L8XXX7Q',
  regionName: '浙江省温州市温州生态园',
  address: '三垟街道瓯海大道以南、府东路以东地块',
  scaleAndContent: SCALE_AND_CONTENT,
  totalInvestmentWan: '125800.00',
  plannedStart: '2025-06',
  plannedEnd: '2027-12',
  industryCode: 'C3670',
  industryName: '汽车零部件及配件制造',
  authorityName: '温州生态园发展和改革局',
  filedAt: '2025-05-12',
  policyStatement:
    '本项目符合国家产业政策，不属于《产业结构调整指导目录》中的限制类、淘汰类项目，不属于《市场准入负面清单》禁止准入事项，' +
    '不属于《政府核准的投资项目目录》范围；项目单位对所填报备案信息的真实性、合法性和完整性负责。',
  lookupUrl: projectLookupUrl('https://yiwang.example.gov.cn', CODE),
};

/** Whether a poppler tool is on PATH. Without it the rendering checks are skipped, loudly; in CI they must run. */
function hasTool(tool: string): boolean {
  const found = !spawnSync(tool, ['-v'], { encoding: 'utf8' }).error;
  if (!found && process.env.CI === 'true') throw new Error(`${tool} is required in CI (apt-get install poppler-utils)`);
  if (!found) {
    console.warn(
      `\n!!! ${tool} not found: SKIPPING the PDF rendering checks of documents.test.ts.` +
        '\n!!! Install poppler-utils to check that the certificate renders and its Chinese text is real text.\n',
    );
  }
  return found;
}

function run(tool: string, args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  return result;
}

describe('QR mark', () => {
  it('builds the public lookup URL of a project code', () => {
    expect(projectLookupUrl('https://yiwang.example.gov.cn/', CODE)).toBe(
      `https://yiwang.example.gov.cn/public/project-codes/${CODE}`,
    );
    expect(projectLookupUrl('http://localhost:3000', 'a/b c')).toBe(
      'http://localhost:3000/public/project-codes/a%2Fb%20c',
    );
  });

  it('renders PNG and SVG, and different texts give different images', async () => {
    const png = await renderQrPng(DATA.lookupUrl);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(300); // IHDR width: the default size
    const other = await renderQrPng(projectLookupUrl('https://yiwang.example.gov.cn', '2211-441900-04-02-310151'));
    expect(other.equals(png)).toBe(false);

    const svg = await renderQrSvg(DATA.lookupUrl);
    expect(svg).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>\s*$/);
    expect(await renderQrSvg('https://example.org/other')).not.toBe(svg);
  });
});

describe('CJK font and line wrapping', () => {
  let font: Awaited<ReturnType<typeof embedCjkFont>>;
  beforeAll(async () => {
    font = await embedCjkFont(await PDFDocument.create());
  });

  it('ships its own font, so no system fonts are needed', () => {
    expect(CJK_FONT_PATH).toContain(path.join('apps', 'server', 'assets', 'fonts'));
    expect(fs.statSync(CJK_FONT_PATH).size).toBeLessThan(6 * 1024 * 1024);
  });

  it('wraps Chinese text per character within the width, losing nothing', () => {
    const maxWidth = 200;
    const lines = wrapCjkText(font, SCALE_AND_CONTENT, 10.5, maxWidth);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 10.5)).toBeLessThanOrEqual(maxWidth + 10.5); // 避头尾 may add one character
    expect(lines.join('')).toBe(SCALE_AND_CONTENT);
  });

  it('keeps closing punctuation off the start of a line (避头尾) by moving the previous character down', () => {
    const size = 10;
    // Exactly five characters fit; the sixth is '，', so '五' goes down with it.
    const maxWidth = font.widthOfTextAtSize('一二三四五', size) + 0.1;
    expect(wrapCjkText(font, '一二三四五，六七八九。', size, maxWidth)).toEqual(['一二三四', '五，六七八', '九。']);
    // Two closing marks in a row travel together.
    expect(wrapCjkText(font, '一二三四五）。六', size, maxWidth)).toEqual(['一二三四', '五）。六']);
    // An opening mark does not end a line.
    expect(wrapCjkText(font, '一二三四《五六》', size, maxWidth)).toEqual(['一二三四', '《五六》']);
    for (const line of wrapCjkText(font, SCALE_AND_CONTENT, size, 150))
      expect(line).not.toMatch(/^[，。、；：！？）」』》]/);
  });

  it('keeps Latin and number runs whole, honours line breaks, and splits runs longer than a line', () => {
    const size = 10;
    const maxWidth = font.widthOfTextAtSize('一二三四五六', size);
    expect(wrapCjkText(font, '一二三四125800万元', size, maxWidth)).toEqual(['一二三四', '125800万元']);
    expect(wrapCjkText(font, '甲\n乙', size, maxWidth)).toEqual(['甲', '乙']);
    const url = 'https://yiwang.example.gov.cn/public/project-codes/' + CODE;
    const lines = wrapCjkText(font, url, size, maxWidth);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(url);
  });

  it('reports characters the font cannot print', () => {
    expect(unsupportedCharacters(font, '犇骉龘 项目')).toEqual([]);
    expect(unsupportedCharacters(font, '刘䶮𠀀')).toEqual(['䶮', '𠀀']); // CJK Extension A and B
  });

  it('formats dates the Chinese way', () => {
    expect(formatChineseDate('2025-05-12')).toBe('2025年5月12日');
    expect(formatChineseDate('2027-12')).toBe('2027年12月');
    expect(formatChineseDate('2025年下半年')).toBe('2025年下半年');
  });
});

describe('filing certificate (备案证明)', () => {
  let pdf: Uint8Array;
  let dir: string;
  beforeAll(async () => {
    pdf = await renderFilingCertificate(DATA, { generatedAt: new Date('2025-05-12T10:00:00+08:00') });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-documents-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is a one-page A4 PDF with Chinese metadata and a font subset, not the whole font', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe(`企业投资项目备案证明（${CODE}）`);
    expect(doc.getAuthor()).toBe('一网投资项目在线审批监管平台');
    expect(pdf.length).toBeLessThan(300 * 1024);
  });

  it('renders, and its Chinese text is real text (mapped glyphs, not tofu)', () => {
    if (!hasTool('pdftoppm') || !hasTool('pdftotext')) return;
    const file = path.join(dir, 'certificate.pdf');
    fs.writeFileSync(file, pdf);

    // A broken font subset shows here first: poppler warns "Embedded font file may be invalid" and draws tofu.
    const { stderr } = run('pdftoppm', ['-r', '60', '-png', '-singlefile', file, path.join(dir, 'page')]);
    expect(stderr).not.toMatch(/error|invalid/i);
    const png = fs.readFileSync(path.join(dir, 'page.png'));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(20_000); // a blank A4 page at 60 dpi is about 1 KB

    const text = run('pdftotext', ['-layout', file, '-']).stdout.replace(/\s+/g, '');
    expect(text).toContain('企业投资项目备案证明');
    expect(text).toContain(CODE);
    expect(text).toContain(DATA.projectName);
    expect(text).toContain(DATA.enterpriseName);
    expect(text).toContain('项目单位承诺：本项目符合国家产业政策');
    expect(text).toContain('扫码核验');
    expect(text).toContain(`/public/project-codes/${CODE}`);
  });

  it('continues a very long 建设规模及内容 on an 附页 instead of dropping text', async () => {
    const long = await renderFilingCertificate({ ...DATA, scaleAndContent: SCALE_AND_CONTENT.repeat(5) });
    expect((await PDFDocument.load(long)).getPageCount()).toBe(2);
    if (!hasTool('pdftotext')) return;
    const file = path.join(dir, 'long.pdf');
    fs.writeFileSync(file, long);
    const text = run('pdftotext', [file, '-']).stdout;
    expect(text).toContain('续见附页');
    expect(text).toContain('建设规模及内容（续）');
  });
});
