import { describe, expect, it } from 'vitest';
import { planNameMatch, queryGrams, type NameGramStats } from '../src/modules/projects/name-match-plan.ts';

/** The staff search's choice between walking the page's order and asking the bigram index (issue 6). */
describe('name match plan', () => {
  // A million projects; 数据, 据中, 中心 each in 3.5–5 % of names (nearly always together), 光伏 in 0.24 %.
  const stats: NameGramStats = {
    frequencies: new Map([
      ['数据', 0.04],
      ['据中', 0.035],
      ['中心', 0.05],
      ['光伏', 0.0024],
      ['项目', 0.66],
      ['工程', 0.63],
    ]),
    leastListed: 0.0008,
    projects: 1_000_000,
  };
  const firstPage = { limit: 20, offset: 0 };

  it('forms the pairs as the database does, leaving out pairs whose characters JavaScript may lower-case otherwise', () => {
    expect(queryGrams('数据中心')).toEqual(['数据', '据中', '中心']);
    expect(queryGrams('PV组件')).toEqual(['pv', 'v组', '组件']);
    expect(queryGrams('光伏光伏')).toEqual(['光伏', '伏光']);
    // İ lower-cases to two code points in JavaScript; the ILIKE alone judges the pairs it is part of.
    expect(queryGrams('İx光伏')).toEqual(['x光', '光伏']);
  });

  it('keeps to the index with every pair when there are no statistics', () => {
    expect(planNameMatch('数据中心', undefined, firstPage, 1)).toEqual({ kind: 'grams', grams: 'all' });
  });

  it('walks the order for a phrase whose rarest pair is common, with a budget, falling back to its rarest pairs', () => {
    const plan = planNameMatch('数据中心', stats, firstPage, 0.12);
    expect(plan).toEqual({
      kind: 'walk',
      budget: Math.round((4 * 20) / 0.035),
      fallback: { kind: 'grams', grams: ['据中', '数据', '中心'] },
    });
  });

  it('asks the index for the three rarest pairs of a rare phrase, unlisted pairs first', () => {
    expect(planNameMatch('梅山工程项目', stats, firstPage, 1)).toEqual({
      kind: 'grams',
      grams: ['梅山', '山工', '程项'],
    });
  });

  it('asks the index when the walk would cost more than reading the index’s candidates', () => {
    // 光伏 province-wide: 20 / 0.0024 ≈ 8,300 rows walked against 2,400 candidates (at 2 rows each: 4,800).
    expect(planNameMatch('光伏', stats, firstPage, 1)).toEqual({ kind: 'grams', grams: ['光伏'] });
    // 数据中心 on page 50 of a city: 1,000 / (0.035 × 0.12) ≈ 238,000 rows walked against 35,000 candidates.
    expect(planNameMatch('数据中心', stats, { limit: 20, offset: 980 }, 0.12).kind).toBe('grams');
    // …and walks it over the whole province on page 1.
    expect(planNameMatch('数据中心', stats, firstPage, 1).kind).toBe('walk');
  });

  it('walks when the walk passes more rows than the index has candidates, but costs less than reading them', () => {
    // 100,000 projects: 数据中心 in a city, 20 / (0.035 × 0.12) ≈ 4,800 rows walked against 3,500 candidates, each of
    // which costs about two walked rows (GRAMS_CANDIDATE_COST).
    const small = { ...stats, projects: 100_000 };
    expect(planNameMatch('数据中心', small, firstPage, 0.12).kind).toBe('walk');
    // Page 2 walks twice as far (≈ 9,500 rows): the index is the cheaper.
    expect(planNameMatch('数据中心', small, { limit: 20, offset: 20 }, 0.12).kind).toBe('grams');
  });
});
