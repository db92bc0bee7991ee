import dayjs, { type Dayjs } from 'dayjs';
import type {
  FundSourceKind,
  InvestmentNature,
  Project,
  ProjectFlag,
  ProjectInput,
  ProjectType,
} from '../api/projects.api.ts';

/** The values of the project form (wizard and change modal): dates as dayjs, numbers possibly empty. */
export interface ProjectFormValues {
  name?: string;
  regionCode?: string;
  address?: string;
  scaleAndContent?: string;
  totalInvestment?: number | null;
  fundSources?: { kind?: FundSourceKind; amount?: number | null }[];
  plannedStart?: Dayjs | null;
  plannedEnd?: Dayjs | null;
  industryCode?: string;
  projectType?: ProjectType;
  investmentNature?: InvestmentNature;
  flags?: ProjectFlag[];
  industrialPolicyStatement?: boolean;
  /** Agents only, before the draft exists. */
  enterpriseId?: string;
}

export function toFormValues(project: Project): ProjectFormValues {
  return {
    name: project.name,
    regionCode: project.regionCode ?? undefined,
    address: project.address ?? undefined,
    scaleAndContent: project.scaleAndContent ?? undefined,
    totalInvestment: project.totalInvestment,
    fundSources: project.fundSources.map((source) => ({ kind: source.kind, amount: source.amount })),
    plannedStart: project.plannedStart ? dayjs(project.plannedStart) : null,
    plannedEnd: project.plannedEnd ? dayjs(project.plannedEnd) : null,
    industryCode: project.industryCode ?? undefined,
    projectType: (project.projectType as ProjectType | null) ?? undefined,
    investmentNature: project.investmentNature ?? undefined,
    flags: project.flags as ProjectFlag[],
    industrialPolicyStatement: project.industrialPolicyStatement,
  };
}

const trimmed = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

/** The API body: only the items that have a value (a PATCH cannot clear an item, and an empty one means "not yet"). */
export function toProjectInput(values: ProjectFormValues): ProjectInput {
  const input: ProjectInput = {};
  const name = trimmed(values.name);
  if (name) input.name = name;
  if (values.regionCode) input.regionCode = values.regionCode;
  const address = trimmed(values.address);
  if (address) input.address = address;
  const scale = trimmed(values.scaleAndContent);
  if (scale) input.scaleAndContent = scale;
  if (typeof values.totalInvestment === 'number') input.totalInvestment = values.totalInvestment;
  if (values.fundSources) {
    const sources = values.fundSources.filter(
      (source): source is { kind: FundSourceKind; amount: number } =>
        Boolean(source.kind) && typeof source.amount === 'number',
    );
    input.fundSources = sources.map((source) => ({ kind: source.kind, amount: source.amount }));
  }
  if (values.plannedStart) input.plannedStart = values.plannedStart.format('YYYY-MM-DD');
  if (values.plannedEnd) input.plannedEnd = values.plannedEnd.format('YYYY-MM-DD');
  const industry = trimmed(values.industryCode)?.toUpperCase();
  if (industry) input.industryCode = industry;
  if (values.projectType) input.projectType = values.projectType;
  if (values.investmentNature) input.investmentNature = values.investmentNature;
  if (values.flags) input.flags = values.flags;
  if (values.industrialPolicyStatement !== undefined)
    input.industrialPolicyStatement = values.industrialPolicyStatement;
  return input;
}

/** At most two decimals (万元 to the hundred 元), compared in cents so 0.1 + 0.2 is not a problem. */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

export const toCents = (value: number) => Math.round(value * 100);

export function fundSourcesTotalCents(sources: ProjectFormValues['fundSources']): number {
  return (sources ?? []).reduce(
    (sum, source) => sum + (typeof source.amount === 'number' ? toCents(source.amount) : 0),
    0,
  );
}
