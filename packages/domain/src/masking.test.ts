import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(' 13812341234 ')).toBe('138****1234');
  });
  it('handles other lengths', () => {
    expect(maskPhone('057188881234')).toBe('057*****1234');
    expect(maskPhone('12345678')).toBe('123*5678');
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('12')).toBe('*2');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('shows only the first 3 and last 4 of an 18-character ID', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
  });
  it('never shows characters 7–14 (the birth date)', () => {
    const ids = ['110101199003071234', '110101900307123', '44190019851231001X', 'E12345678', '1234567890'];
    for (const id of ids) {
      const masked = maskIdNumber(id);
      expect(masked).toHaveLength(id.length);
      for (let i = 6; i < Math.min(14, id.length); i++) expect(masked[i], `${id}[${i}]`).toBe('*');
      for (let i = 3; i < masked.length - 4; i++) expect(masked[i]).toBe('*');
    }
    expect(maskIdNumber('110101900307123')).toBe('110***********3');
    expect(maskIdNumber('E12345678')).toBe('E12******');
  });
  it('fully masks short inputs', () => {
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the surname character only', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('阿卜杜·热合曼')).toBe('阿******');
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });
  it('counts code points, not UTF-16 units', () => {
    expect(maskName('𠀀三')).toBe('𠀀*');
    expect(maskName('张𠀀')).toBe('张*');
  });
});
