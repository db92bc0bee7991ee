import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../calendar.ts';
import {
  addMonths,
  canonicalLicenceData,
  checkLicenceExtension,
  type LicenceRecord,
  licenceStatus,
  RATIFICATION_EXTENSION_RULES,
  lastDayToRequestExtension,
} from './licence-record.ts';

const calendar = createDefaultCalendar();

const record: LicenceRecord = {
  number: 'HZ-2026-000123',
  licenceType: 'projectDecision',
  licenceTypeName: '项目审批、核准或备案文件',
  holderName: '某某新材料有限公司',
  holderCreditCode: '91440300MA5XXXXXXX',
  projectCode: '2026-440300-30-02-000001',
  projectName: '年产 5 万吨新材料项目',
  matterCode: 'ndrc.ratification',
  matterName: '企业投资项目核准',
  issuingDepartment: '某市发展和改革局',
  content: '同意核准。"引号"与\n换行',
  issuedOn: '2026-03-30',
  validFrom: '2026-03-30',
  validUntil: '2028-03-29',
};

describe('canonicalLicenceData', () => {
  it('is deterministic JSON: sorted keys, no whitespace, exactly the record fields', () => {
    const text = canonicalLicenceData(record);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual(record);
    expect(Object.keys(parsed)).toEqual(Object.keys(record).sort());
    expect(text.startsWith('{"content":"同意核准。\\"引号\\"与\\n换行","holderCreditCode":')).toBe(true);
    expect(text).not.toMatch(/":\s|,\s"/);
  });

  it('does not depend on key order, and leaves extra properties out', () => {
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as unknown as LicenceRecord;
    const extra = { ...record, id: 'uuid', revokedOn: null } as LicenceRecord;
    expect(canonicalLicenceData(shuffled)).toBe(canonicalLicenceData(record));
    expect(canonicalLicenceData(extra)).toBe(canonicalLicenceData(record));
  });

  it('keeps a null validUntil, and refuses a missing field', () => {
    expect(canonicalLicenceData({ ...record, validUntil: null })).toContain('"validUntil":null');
    const missing = { ...record } as Partial<LicenceRecord>;
    delete missing.holderName;
    expect(() => canonicalLicenceData(missing as LicenceRecord)).toThrow(
      expect.objectContaining({ code: 'LICENCE_RECORD_INVALID' }),
    );
  });
});

describe('licenceStatus', () => {
  it('valid through validUntil, expired after it, revoked from the revocation date', () => {
    expect(licenceStatus({ validUntil: '2028-03-29', revokedOn: null }, '2028-03-29')).toBe('valid');
    expect(licenceStatus({ validUntil: '2028-03-29', revokedOn: null }, '2028-03-30')).toBe('expired');
    expect(licenceStatus({ validUntil: null, revokedOn: null }, '2099-01-01')).toBe('valid');
    expect(licenceStatus({ validUntil: '2028-03-29', revokedOn: '2026-05-01' }, '2026-05-01')).toBe('revoked');
    expect(licenceStatus({ validUntil: '2028-03-29', revokedOn: '2026-05-01' }, '2026-04-30')).toBe('valid');
    expect(licenceStatus({ validUntil: '2026-03-29', revokedOn: '2026-03-01' }, '2026-06-01')).toBe('revoked');
  });
});

describe('addMonths', () => {
  it('adds months, clamping to the end of the month', () => {
    expect(addMonths('2026-03-30', 24)).toBe('2028-03-30');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2026-05-20', 0)).toBe('2026-05-20');
  });

  it('refuses fractional months', () => {
    expect(() => addMonths('2026-01-01', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_MONTHS' }));
  });
});

describe('checkLicenceExtension (核准: 条例673 art.12)', () => {
  // validUntil 2026-06-30 (Tue). Counting back 30 WD (06-19..21 off): 06-30, 06-29, 06-22..26, 06-15..18, 06-08..12,
  // 06-01..05, 05-25..29, 05-19..22 → the 30th is 05-19, so a request on 05-18 leaves exactly 30.
  const base = { validUntil: '2026-06-30', extensionsUsed: 0, requestedOn: '2026-05-18', extendByMonths: 12 };
  const code = (input: typeof base | (Omit<typeof base, 'validUntil'> & { validUntil: string | null })) => {
    try {
      checkLicenceExtension(input, calendar, RATIFICATION_EXTENSION_RULES);
      return null;
    } catch (e) {
      return (e as { code: string }).code;
    }
  };

  it('extends once by up to 12 months when requested ≥ 30 WD before expiry', () => {
    expect(checkLicenceExtension(base, calendar, RATIFICATION_EXTENSION_RULES)).toEqual({
      newValidUntil: '2027-06-30',
    });
    expect(checkLicenceExtension({ ...base, extendByMonths: 6 }, calendar, RATIFICATION_EXTENSION_RULES)).toEqual({
      newValidUntil: '2026-12-30',
    });
  });

  it('LICENCE_EXTENSION_TOO_LATE: fewer than 30 WD left, or already expired', () => {
    expect(code({ ...base, requestedOn: '2026-05-19' })).toBe('LICENCE_EXTENSION_TOO_LATE');
    expect(code({ ...base, requestedOn: '2026-07-01' })).toBe('LICENCE_EXTENSION_TOO_LATE');
  });

  it('LICENCE_EXTENSION_TOO_LONG: more than 12 months, or not a positive whole number', () => {
    expect(code({ ...base, extendByMonths: 13 })).toBe('LICENCE_EXTENSION_TOO_LONG');
    expect(code({ ...base, extendByMonths: 0 })).toBe('LICENCE_EXTENSION_TOO_LONG');
    expect(code({ ...base, extendByMonths: 2.5 })).toBe('LICENCE_EXTENSION_TOO_LONG');
  });

  it('LICENCE_EXTENSION_ALREADY_USED: only once', () => {
    expect(code({ ...base, extensionsUsed: 1 })).toBe('LICENCE_EXTENSION_ALREADY_USED');
  });

  it('LICENCE_NOT_EXTENDABLE: no expiry, or a type without extensions', () => {
    expect(code({ ...base, validUntil: null })).toBe('LICENCE_NOT_EXTENDABLE');
    expect(() =>
      checkLicenceExtension(base, calendar, { maxExtensions: 0, maxMonths: 12, minWorkingDaysBeforeExpiry: 0 }),
    ).toThrow(expect.objectContaining({ code: 'LICENCE_NOT_EXTENDABLE' }));
  });
});

describe('lastDayToRequestExtension', () => {
  it('is the last day an extension request is still accepted (30 working days before expiry, holidays counted right)', () => {
    // Across the 2026 National Day holiday (10-01–07, 10-10 a make-up working day).
    for (const validUntil of ['2026-11-06', '2026-12-31', '2026-06-30']) {
      const last = lastDayToRequestExtension(validUntil, calendar, 30);
      const request = (requestedOn: string) => () =>
        checkLicenceExtension(
          { validUntil, extensionsUsed: 0, requestedOn, extendByMonths: 12 },
          calendar,
          RATIFICATION_EXTENSION_RULES,
        );
      expect(request(last)).not.toThrow();
      expect(calendar.isWorkingDay(last)).toBe(true);
      expect(request(calendar.addWorkingDays(last, 1).date)).toThrow(/30/);
    }
    // 30 working days back from Fri 11-06 reach Mon 09-21 (the National Day and 中秋 holidays skipped, Sat 10-10 counted).
    expect(lastDayToRequestExtension('2026-11-06', calendar, 30)).toBe('2026-09-20');
  });
});
