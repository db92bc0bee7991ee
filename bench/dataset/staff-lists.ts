/**
 * The lists staff open every day, as the web asks for them (issue 6 §2, grown as the approval issue landed): the
 * 综合窗口's application list, a department's three workbench tabs, a supervisor's warnings and case list. Each is
 * read by the account whose screen shows it — the demo accounts the generator keeps (their password BENCH_PASSWORD):
 * `window` (温州市 综合窗口), `department` (温州市发改委), `bench-supervisor` (province scope).
 *
 * Run by bench:full (scenarios.ts, each alone; `staffSessions` signs the accounts in) and by `npm run bench:search --
 * --lists [0,3]` (search-mixes.ts).
 */
export interface StaffList {
  label: string;
  /** The account that opens it (a demo or bench account of the generated dataset). */
  account: 'window' | 'department' | 'bench-supervisor';
  path: string;
}

export const STAFF_LISTS: StaffList[] = [
  {
    label: '综合窗口 温州市: the list (green channel, then oldest submitted)',
    account: 'window',
    path: '/api/window/applications',
  },
  { label: '综合窗口 温州市: page 50', account: 'window', path: '/api/window/applications?page=50' },
  {
    label: '综合窗口 温州市: name search q=数据中心',
    account: 'window',
    path: `/api/window/applications?q=${encodeURIComponent('数据中心')}`,
  },
  { label: '温州市发改委 我的待办 (view=todo)', account: 'department', path: '/api/cases?view=todo' },
  { label: '温州市发改委 本部门在办 (view=department)', account: 'department', path: '/api/cases?view=department' },
  { label: '温州市发改委 已办结 (view=done), newest first', account: 'department', path: '/api/cases?view=done' },
  { label: '温州市发改委 已办结, page 50', account: 'department', path: '/api/cases?view=done&page=50' },
  { label: 'supervisor, province: warned cases', account: 'bench-supervisor', path: '/api/supervision/cases' },
  {
    label: 'supervisor, province: red warnings',
    account: 'bench-supervisor',
    path: '/api/supervision/cases?level=red',
  },
  { label: 'supervisor, province: case list (GET /api/cases)', account: 'bench-supervisor', path: '/api/cases' },
  { label: 'supervisor, province: denied cases', account: 'bench-supervisor', path: '/api/cases?status=denied' },
];
