import {
  AlertOutlined,
  BuildOutlined,
  FundOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  EyeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  FormOutlined,
  HomeOutlined,
  InboxOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SafetyOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import { AccountSecurityPage } from '../features/account/pages/account-security.page.tsx';
import { AuditLogPage } from '../features/audit/pages/audit-log.page.tsx';
import { CatalogueVersionPage } from '../features/catalogue/pages/catalogue-version.page.tsx';
import { CatalogueVersionsPage } from '../features/catalogue/pages/catalogue-versions.page.tsx';
import { AuditVerifyPage } from '../features/audit/pages/audit-verify.page.tsx';
import { DepartmentWorkbenchPage } from '../features/department/pages/department-workbench.page.tsx';
import { FinancePlazaPage } from '../features/finance/pages/finance-plaza.page.tsx';
import { IntermediaryMarketPage } from '../features/intermediary/pages/intermediary-market.page.tsx';
import { RegionsDepartmentsPage } from '../features/org/pages/regions-departments.page.tsx';
import { PortalHomePage } from '../features/portal/pages/portal-home.page.tsx';
import { AskPage } from '../features/portal/pages/ask.page.tsx';
import { AssistPage } from '../features/portal/pages/assist.page.tsx';
import { QueryPage } from '../features/portal/pages/query.page.tsx';
import { ApplyPage } from '../features/projects/pages/apply.page.tsx';
import { ApplicationPage } from '../features/applications/pages/application.page.tsx';
import { CaseDetailPage } from '../features/department/pages/case-detail.page.tsx';
import { WindowApplicationPage } from '../features/window/pages/window-application.page.tsx';
import { MyProjectsPage } from '../features/projects/pages/my-projects.page.tsx';
import { ProjectDetailPage } from '../features/projects/pages/project-detail.page.tsx';
import { ProjectSearchPage } from '../features/projects/pages/project-search.page.tsx';
import { ProjectWizardPage } from '../features/projects/pages/project-wizard.page.tsx';
import { AuditAdminReviewPage } from '../features/security/pages/audit-admin-review.page.tsx';
import { SecurityPolicyPage } from '../features/security/pages/security-policy.page.tsx';
import { SupervisorWorkbenchPage } from '../features/supervisor/pages/supervisor-workbench.page.tsx';
import { InvestmentPlansPage } from '../features/investment-plans/pages/investment-plans.page.tsx';
import { ConstructionSupervisionPage } from '../features/construction/pages/construction-supervision.page.tsx';
import { UserAdminPage } from '../features/users/pages/user-admin.page.tsx';
import { UserSecurityPage } from '../features/users/pages/user-security.page.tsx';
import { VerificationPage } from '../features/verification/pages/verification.page.tsx';
import { WindowWorkbenchPage } from '../features/window/pages/window-workbench.page.tsx';
import { ROLES, type Role } from './auth/roles.ts';
import type { MessageKey } from './i18n/i18n.tsx';

export interface AppRoute {
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  /** Who may open the page. The server checks again on every API call; this only shapes the menu. */
  roles: readonly Role[];
  element: ReactNode;
  /** False for pages reached from another page (a wizard, a project): routed and guarded, but not in the menu. */
  menu?: boolean;
  /** Other path prefixes under which this menu entry is shown as the current one. */
  activeFor?: readonly string[];
}

const PORTAL: readonly Role[] = ['applicant', 'agent'];
/** Staff who read projects in their region subtree (the server scopes every answer). */
const PROJECT_STAFF: readonly Role[] = ['window', 'department', 'supervisor'];

/**
 * Every signed-in page, in menu order. A role's menu is the routes it may open; its landing page is the first one.
 * 三员分立: sysAdmin, secAdmin and auditAdmin share no page.
 */
export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/portal', labelKey: 'menu.portalHome', icon: <HomeOutlined />, roles: PORTAL, element: <PortalHomePage /> },
  {
    path: '/portal/apply',
    labelKey: 'menu.apply',
    icon: <FormOutlined />,
    roles: PORTAL,
    element: <ApplyPage />,
  },
  {
    path: '/portal/apply/new',
    labelKey: 'project.new',
    icon: <FormOutlined />,
    roles: PORTAL,
    element: <ProjectWizardPage />,
    menu: false,
  },
  {
    path: '/portal/query',
    labelKey: 'menu.query',
    icon: <FileSearchOutlined />,
    roles: PORTAL,
    element: <QueryPage />,
  },
  {
    path: '/portal/ask',
    labelKey: 'menu.ask',
    icon: <QuestionCircleOutlined />,
    roles: PORTAL,
    element: <AskPage />,
  },
  {
    path: '/portal/assist',
    labelKey: 'menu.assist',
    icon: <CustomerServiceOutlined />,
    roles: PORTAL,
    element: <AssistPage />,
  },
  {
    path: '/portal/projects',
    labelKey: 'menu.myProjects',
    icon: <FolderOpenOutlined />,
    roles: PORTAL,
    element: <MyProjectsPage />,
    activeFor: ['/projects/', '/applications/'],
  },
  {
    path: '/window',
    labelKey: 'menu.windowWorkbench',
    icon: <InboxOutlined />,
    roles: ['window'],
    element: <WindowWorkbenchPage />,
  },
  {
    path: '/window/applications/:id',
    labelKey: 'menu.windowWorkbench',
    icon: <InboxOutlined />,
    roles: ['window'],
    element: <WindowApplicationPage />,
    menu: false,
  },
  {
    path: '/department',
    labelKey: 'menu.departmentWorkbench',
    icon: <SolutionOutlined />,
    roles: ['department'],
    element: <DepartmentWorkbenchPage />,
  },
  {
    path: '/department/consultations',
    labelKey: 'menu.departmentWorkbench',
    icon: <SolutionOutlined />,
    roles: ['department'],
    element: <DepartmentWorkbenchPage key="consultations" initialTab="consultations" />,
    menu: false,
  },
  {
    path: '/department/cases/:id',
    labelKey: 'menu.departmentWorkbench',
    icon: <SolutionOutlined />,
    roles: ['department', 'supervisor'],
    element: <CaseDetailPage />,
    menu: false,
  },
  {
    path: '/supervision',
    labelKey: 'menu.supervisorWorkbench',
    icon: <AlertOutlined />,
    roles: ['supervisor'],
    element: <SupervisorWorkbenchPage />,
  },
  {
    path: '/supervision/construction',
    labelKey: 'menu.constructionSupervision',
    icon: <BuildOutlined />,
    roles: ['supervisor'],
    element: <ConstructionSupervisionPage />,
  },
  {
    path: '/supervision/plans',
    labelKey: 'menu.investmentPlans',
    icon: <FundOutlined />,
    roles: ['supervisor'],
    element: <InvestmentPlansPage />,
  },
  {
    path: '/department/verification',
    labelKey: 'menu.verification',
    icon: <FileDoneOutlined />,
    roles: ['department', 'supervisor'],
    element: <VerificationPage />,
  },
  {
    path: '/projects',
    labelKey: 'menu.projectSearch',
    icon: <SearchOutlined />,
    roles: PROJECT_STAFF,
    element: <ProjectSearchPage />,
  },
  {
    path: '/projects/:id',
    labelKey: 'menu.projectDetail',
    icon: <FolderOpenOutlined />,
    roles: [...PORTAL, ...PROJECT_STAFF],
    element: <ProjectDetailPage />,
    menu: false,
  },
  {
    path: '/applications/:id',
    labelKey: 'menu.application',
    icon: <FormOutlined />,
    roles: [...PORTAL, ...PROJECT_STAFF],
    element: <ApplicationPage />,
    menu: false,
  },
  {
    path: '/finance',
    labelKey: 'menu.financePlaza',
    icon: <BankOutlined />,
    roles: ['bank'],
    element: <FinancePlazaPage />,
  },
  {
    path: '/intermediary',
    labelKey: 'menu.intermediaryMarket',
    icon: <ShopOutlined />,
    roles: ['intermediary'],
    element: <IntermediaryMarketPage />,
  },
  {
    path: '/admin/users',
    labelKey: 'menu.userAdmin',
    icon: <TeamOutlined />,
    roles: ['sysAdmin'],
    element: <UserAdminPage />,
  },
  {
    path: '/admin/regions',
    labelKey: 'menu.regionsDepartments',
    icon: <ApartmentOutlined />,
    roles: ['sysAdmin'],
    element: <RegionsDepartmentsPage />,
  },
  {
    path: '/admin/catalogue',
    labelKey: 'menu.catalogue',
    icon: <BookOutlined />,
    roles: ['sysAdmin'],
    element: <CatalogueVersionsPage />,
    activeFor: ['/admin/catalogue/'],
  },
  {
    path: '/admin/catalogue/:id',
    labelKey: 'menu.catalogue',
    icon: <BookOutlined />,
    roles: ['sysAdmin'],
    element: <CatalogueVersionPage />,
    menu: false,
  },
  {
    path: '/security/users',
    labelKey: 'menu.usersRoles',
    icon: <UserSwitchOutlined />,
    roles: ['secAdmin'],
    element: <UserSecurityPage />,
  },
  {
    path: '/security/policy',
    labelKey: 'menu.securityPolicy',
    icon: <SafetyOutlined />,
    roles: ['secAdmin'],
    element: <SecurityPolicyPage />,
  },
  {
    path: '/security/audit-admins',
    labelKey: 'menu.auditAdminReview',
    icon: <EyeOutlined />,
    roles: ['secAdmin'],
    element: <AuditAdminReviewPage />,
  },
  {
    // Every account's own page (from its name in the header): profile, password, second factor. Not a shared business
    // page: each account sees only itself.
    path: '/account',
    labelKey: 'account.title',
    icon: <SafetyOutlined />,
    roles: ROLES,
    element: <AccountSecurityPage />,
    menu: false,
  },
  {
    path: '/audit/events',
    labelKey: 'menu.auditLog',
    icon: <AuditOutlined />,
    roles: ['auditAdmin'],
    element: <AuditLogPage />,
  },
  {
    path: '/audit/verify',
    labelKey: 'menu.auditVerify',
    icon: <SafetyCertificateOutlined />,
    roles: ['auditAdmin'],
    element: <AuditVerifyPage />,
  },
];

/** The role's menu entries, in order. */
export function routesFor(role: Role): AppRoute[] {
  return APP_ROUTES.filter((route) => route.roles.includes(role) && route.menu !== false);
}

export function homePathFor(role: Role): string {
  return routesFor(role)[0]?.path ?? '/';
}

/** Whether `path` (maybe with a query) is one of the role's pages; used to honour `?next=` only when it makes sense. */
export function canOpen(role: Role, path: string): boolean {
  const pathname = path.split(/[?#]/)[0] ?? '';
  return APP_ROUTES.some((route) => route.roles.includes(role) && matchPath(route.path, pathname) !== null);
}
