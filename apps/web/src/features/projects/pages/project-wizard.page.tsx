import { DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Progress,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { nestedFieldErrorsFor, pickMessage, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useRegions } from '../../org/api/org.api.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useAgentEnterprises, useMyEnterprise } from '../../public/api/public.api.ts';
import {
  downloadFilingCertificate,
  useProcedureSuggestion,
  useProject,
  useSaveProject,
  useSubmitProject,
  type Project,
} from '../api/projects.api.ts';
import { ProcedureSuggestionPanel } from '../components/procedure-suggestion.tsx';
import { toFormValues, toProjectInput, type ProjectFormValues } from '../components/project-form.ts';
import {
  AddressItem,
  FlagsItem,
  FundSourcesItem,
  IndustryCodeItem,
  NameItem,
  NatureItem,
  PlannedEndItem,
  PlannedStartItem,
  ProjectTypeItem,
  RegionItem,
  ScaleItem,
  TotalInvestmentItem,
} from '../components/project-fields.tsx';
import { fieldLabelKey, formatFieldValue, isProjectField, type ProjectField } from '../components/project-labels.ts';
import { ProcedureTag, ProjectStatusTag } from '../components/project-tags.tsx';
import { ProjectCodeBlock } from '../components/project-code-block.tsx';

/** 项目基本信息 → 建设地点与内容 → 投资与资金来源 → 行业与项目类型 → 确认与承诺 → 提交赋码. */
const STEPS: { titleKey: MessageKey; fields: (ProjectField | 'enterpriseId')[] }[] = [
  { titleKey: 'wizard.step.basic', fields: ['enterpriseId', 'name', 'flags'] },
  { titleKey: 'wizard.step.site', fields: ['regionCode', 'address', 'scaleAndContent', 'plannedStart', 'plannedEnd'] },
  { titleKey: 'wizard.step.investment', fields: ['totalInvestment', 'fundSources'] },
  { titleKey: 'wizard.step.industry', fields: ['investmentNature', 'industryCode', 'projectType'] },
  { titleKey: 'wizard.step.confirm', fields: ['industrialPolicyStatement'] },
  { titleKey: 'wizard.step.result', fields: [] },
];
const CONFIRM_STEP = 4;
const RESULT_STEP = 5;

function stepOfField(field: string | number | undefined): number {
  const index = STEPS.findIndex((step) => (step.fields as readonly (string | number | undefined)[]).includes(field));
  return index === -1 ? CONFIRM_STEP : index;
}

type NamePath = (string | number)[];

/** Every form name path of a step, including the rows of the fund-source list. */
function stepNamePaths(step: number, values: ProjectFormValues): NamePath[] {
  const paths: NamePath[] = [];
  for (const field of STEPS[step]?.fields ?? []) {
    paths.push([field]);
    if (field === 'fundSources') {
      (values.fundSources ?? []).forEach((_, i) =>
        paths.push(['fundSources', i, 'kind'], ['fundSources', i, 'amount']),
      );
    }
  }
  return paths;
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** 我要办 → 新建项目: a draft saved at every step, the procedure suggested live, submitted for its code. */
export function ProjectWizardPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const draftId = params.get('draft') ?? undefined;
  const [form] = Form.useForm<ProjectFormValues>();
  const [step, setStep] = useState(0);
  const [formError, setFormError] = useState<{ title: string; details: string[] } | null>(null);
  const [submitted, setSubmitted] = useState<Project | null>(null);
  const loadedId = useRef<string | undefined>(undefined);
  const me = useCurrentUser();
  const isAgent = me.role === 'agent';

  const draft = useProject(draftId);
  const enterprise = useMyEnterprise(!isAgent);
  const save = useSaveProject();
  const submit = useSubmitProject();
  const nature = Form.useWatch('investmentNature', form);
  const industryCode = Form.useWatch('industryCode', form);
  const suggestion = useProcedureSuggestion({ investmentNature: nature, ...(industryCode ? { industryCode } : {}) });
  const isFiling = suggestion.data?.procedure === 'filing';

  // Resume a draft once; later saves of the same draft must not overwrite what is being typed.
  useEffect(() => {
    if (draft.data && loadedId.current !== draft.data.id) {
      loadedId.current = draft.data.id;
      form.setFieldsValue(toFormValues(draft.data));
    }
  }, [draft.data, form]);

  const showServerError = (error: unknown) => {
    const fieldErrors = nestedFieldErrorsFor(error, locale);
    const onForm = fieldErrors.filter(
      (entry) => isProjectField(String(entry.name[0])) || entry.name[0] === 'enterpriseId',
    );
    form.setFields(onForm.map((entry) => ({ name: entry.name as never, errors: entry.errors })));
    const details =
      error instanceof ApiError && error.body?.fields
        ? error.body.fields.map((field) => {
            const head = field.field.split('.')[0] ?? field.field;
            const label = isProjectField(head) ? t(fieldLabelKey(head)) : field.field;
            return `${label}：${pickMessage(field, locale)}`;
          })
        : [];
    setFormError({ title: errorText(error), details });
    if (onForm.length > 0) setStep(Math.min(...onForm.map((entry) => stepOfField(entry.name[0]))));
  };

  const jumpToFirstInvalid = (errorFields: { name: NamePath }[]) => {
    if (errorFields.length > 0) setStep(Math.min(...errorFields.map((entry) => stepOfField(entry.name[0]))));
  };

  /** Saves what is filled in. `mode` 'draft' checks the format of filled items only; 'step' requires the step's items. */
  const saveDraft = async (mode: 'draft' | 'step'): Promise<Project | null> => {
    setFormError(null);
    const values = form.getFieldsValue(true) as ProjectFormValues;
    const paths: NamePath[] =
      mode === 'step'
        ? stepNamePaths(step, values)
        : [
            ['name'],
            ...STEPS.flatMap((_, i) => stepNamePaths(i, values)).filter(
              (path) =>
                path.length > 1 || (path[0] !== 'fundSources' && !isEmptyValue(form.getFieldValue(path as never))),
            ),
          ];
    try {
      await form.validateFields(paths as never);
    } catch (error) {
      jumpToFirstInvalid((error as { errorFields?: { name: NamePath }[] }).errorFields ?? []);
      return null;
    }
    const id = draftId ?? submitted?.id;
    try {
      const input = toProjectInput(values);
      if (!id && isAgent && values.enterpriseId) input.enterpriseId = values.enterpriseId;
      const project = await save.mutateAsync({ id, input });
      if (!id) {
        loadedId.current = project.id;
        setParams({ draft: project.id }, { replace: true });
      }
      return project;
    } catch (error) {
      showServerError(error);
      return null;
    }
  };

  const next = async () => {
    const project = await saveDraft('step');
    if (project) setStep((current) => Math.min(current + 1, CONFIRM_STEP));
  };

  const submitForCode = async () => {
    setFormError(null);
    try {
      await form.validateFields();
    } catch (error) {
      jumpToFirstInvalid((error as { errorFields?: { name: NamePath }[] }).errorFields ?? []);
      return;
    }
    const saved = await saveDraft('draft');
    if (!saved) return;
    try {
      const project = await submit.mutateAsync(saved.id);
      setSubmitted(project);
      setStep(RESULT_STEP);
      message.success(project.status === 'filed' ? t('wizard.filed') : t('wizard.coded'));
    } catch (error) {
      showServerError(error);
    }
  };

  if (draftId && draft.isPending) return <Spin />;
  if (draftId && draft.isError) {
    return (
      <Page title={t('wizard.title')}>
        <Alert type="error" showIcon title={errorText(draft.error)} />
      </Page>
    );
  }
  if (draft.data && draft.data.status !== 'draft' && !submitted) {
    return (
      <Page title={t('wizard.title')}>
        <Result
          status="info"
          title={t('wizard.notDraft')}
          extra={
            <Link to={`/projects/${draft.data.id}`}>
              <Button type="primary">{t('project.viewDetail')}</Button>
            </Link>
          }
        />
      </Page>
    );
  }

  const busy = save.isPending || submit.isPending;
  const stepItems = STEPS.map((item) => ({ title: t(item.titleKey) }));

  return (
    <Page
      title={draftId && !submitted ? t('wizard.titleResume') : t('wizard.title')}
      description={t('wizard.description')}
      testId="project-wizard"
    >
      <Card className="wizard-card">
        {isDesktop ? (
          <Steps current={step} items={stepItems} size="small" className="wizard-steps" data-testid="wizard-steps" />
        ) : (
          <div className="wizard-steps-compact" data-testid="wizard-steps">
            <Typography.Text strong>
              {t('wizard.stepOf', {
                n: step + 1,
                total: STEPS.length,
                title: t(STEPS[step]?.titleKey ?? 'wizard.step.basic'),
              })}
            </Typography.Text>
            <Progress percent={Math.round(((step + 1) / STEPS.length) * 100)} showInfo={false} size="small" />
          </div>
        )}

        {formError ? (
          <Alert
            type="error"
            showIcon
            className="form-alert"
            title={formError.title}
            description={
              formError.details.length > 0 ? (
                <ul className="error-details">
                  {formError.details.map((detail) => (
                    <li key={detail}>{detail}</li>
                  ))}
                </ul>
              ) : undefined
            }
            data-testid="wizard-error"
          />
        ) : null}

        <Form<ProjectFormValues>
          form={form}
          layout="vertical"
          className="wizard-form"
          initialValues={{ flags: [], fundSources: [], industrialPolicyStatement: false }}
          data-testid="wizard-form"
          scrollToFirstError
        >
          <div hidden={step !== 0} data-testid="wizard-step-0">
            {isAgent ? (
              <AgentEnterpriseItem draftEnterpriseName={draft.data?.enterpriseName ?? submitted?.enterpriseName} />
            ) : (
              <EnterpriseSummary enterprise={enterprise} />
            )}
            <NameItem />
            <FlagsItem />
          </div>
          <div hidden={step !== 1} data-testid="wizard-step-1">
            <RegionItem required />
            <AddressItem required />
            <ScaleItem required />
            <div className="form-row">
              <PlannedStartItem required form={form} />
              <PlannedEndItem required />
            </div>
          </div>
          <div hidden={step !== 2} data-testid="wizard-step-2">
            <TotalInvestmentItem required form={form} />
            <FundSourcesItem required form={form} />
          </div>
          <div hidden={step !== 3} data-testid="wizard-step-3">
            <NatureItem required />
            <IndustryCodeItem required />
            <ProjectTypeItem required />
            <ProcedureSuggestionPanel investmentNature={nature} industryCode={industryCode} />
          </div>
          <div hidden={step !== CONFIRM_STEP} data-testid="wizard-step-4">
            {step === CONFIRM_STEP ? <WizardSummary values={form.getFieldsValue(true) as ProjectFormValues} /> : null}
            <ProcedureSuggestionPanel investmentNature={nature} industryCode={industryCode} />
            <Form.Item
              name="industrialPolicyStatement"
              valuePropName="checked"
              hidden={!isFiling}
              rules={[
                {
                  validator: async (_, checked: boolean | undefined) => {
                    if (isFiling && !checked) throw new Error(t('wizard.statementRequired'));
                  },
                },
              ]}
            >
              <Checkbox data-testid="field-statement">{t('wizard.statement')}</Checkbox>
            </Form.Item>
            {isFiling ? (
              <Typography.Paragraph type="secondary" className="wizard-note">
                {t('wizard.filingNote')}
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph type="secondary" className="wizard-note">
                {t('wizard.codingNote')}
              </Typography.Paragraph>
            )}
          </div>
        </Form>

        {step === RESULT_STEP && submitted ? <SubmitResult project={submitted} /> : null}

        {step < RESULT_STEP ? (
          <div className="wizard-actions">
            <Button
              disabled={step === 0 || busy}
              onClick={() => setStep((current) => current - 1)}
              data-testid="wizard-prev"
            >
              {t('wizard.prev')}
            </Button>
            <Space wrap className="wizard-actions-right">
              <Button
                icon={<SaveOutlined />}
                loading={save.isPending && !submit.isPending}
                disabled={busy}
                onClick={() =>
                  void saveDraft('draft').then((project) => {
                    if (project) message.success(t('wizard.saved'));
                  })
                }
                data-testid="wizard-save"
              >
                {t('wizard.saveDraft')}
              </Button>
              {step < CONFIRM_STEP ? (
                <Button type="primary" loading={busy} onClick={() => void next()} data-testid="wizard-next">
                  {t('wizard.next')}
                </Button>
              ) : (
                <Button type="primary" loading={busy} onClick={() => void submitForCode()} data-testid="wizard-submit">
                  {t('wizard.submit')}
                </Button>
              )}
            </Space>
          </div>
        ) : (
          <div className="wizard-actions">
            <Button onClick={() => void navigate('/portal/projects')}>{t('menu.myProjects')}</Button>
          </div>
        )}
      </Card>
    </Page>
  );
}

/** An agent registers the project for one of the enterprises that authorised it (fixed once the draft exists). */
function AgentEnterpriseItem({ draftEnterpriseName }: { draftEnterpriseName: string | undefined }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const enterprises = useAgentEnterprises(!draftEnterpriseName);
  if (draftEnterpriseName) {
    return (
      <Descriptions
        size="small"
        bordered
        column={1}
        className="form-alert"
        items={[{ key: 'name', label: t('project.field.enterprise'), children: draftEnterpriseName }]}
      />
    );
  }
  return (
    <>
      {enterprises.isError ? (
        <Alert type="warning" showIcon className="form-alert" title={errorText(enterprises.error)} />
      ) : null}
      {enterprises.data && enterprises.data.length === 0 ? (
        <Alert type="warning" showIcon className="form-alert" title={t('wizard.agentNoEnterprise')} />
      ) : null}
      <Form.Item
        name="enterpriseId"
        label={t('project.field.enterprise')}
        rules={[{ required: true, message: t('wizard.agentChooseEnterprise') }]}
      >
        <Select
          loading={enterprises.isPending}
          options={(enterprises.data ?? []).map((item) => ({
            value: item.id,
            label: `${item.name}（${item.creditCode}）`,
          }))}
          data-testid="field-enterpriseId"
        />
      </Form.Item>
    </>
  );
}

function EnterpriseSummary({ enterprise }: { enterprise: ReturnType<typeof useMyEnterprise> }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (enterprise.isPending) return <Spin className="form-alert" />;
  if (enterprise.isError) {
    return (
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={t('wizard.noEnterprise')}
        description={errorText(enterprise.error)}
      />
    );
  }
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      className="form-alert"
      data-testid="wizard-enterprise"
      items={[
        { key: 'name', label: t('project.field.enterprise'), children: enterprise.data.name, span: 'filled' },
        { key: 'creditCode', label: t('register.creditCode'), children: enterprise.data.creditCode },
        { key: 'legal', label: t('register.legalRepresentative'), children: enterprise.data.legalRepresentative },
      ]}
    />
  );
}

/** 确认: everything that will be submitted, as the project page will show it. */
function WizardSummary({ values }: { values: ProjectFormValues }) {
  const { t } = useI18n();
  const regions = useRegions();
  const input = toProjectInput(values);
  const regionName = useMemo(
    () => regions.data?.find((region) => region.code === input.regionCode)?.name,
    [regions.data, input.regionCode],
  );
  const fields: ProjectField[] = [
    'name',
    'regionCode',
    'address',
    'scaleAndContent',
    'plannedStart',
    'plannedEnd',
    'totalInvestment',
    'fundSources',
    'investmentNature',
    'industryCode',
    'projectType',
    'flags',
  ];
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      className="form-alert"
      data-testid="wizard-summary"
      items={fields.map((field) => ({
        key: field,
        label: t(fieldLabelKey(field)),
        children:
          field === 'regionCode' && input.regionCode
            ? t('project.regionWithCode', { name: regionName ?? '', code: input.regionCode })
            : formatFieldValue(t, field, input[field]),
        ...(field === 'scaleAndContent' || field === 'fundSources' || field === 'name'
          ? { span: 'filled' as const }
          : {}),
      }))}
    />
  );
}

function SubmitResult({ project }: { project: Project }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [downloading, setDownloading] = useState(false);
  const filed = project.status === 'filed';
  return (
    <Result
      status="success"
      className="wizard-result"
      data-testid="wizard-result"
      title={filed ? t('wizard.filed') : t('wizard.coded')}
      subTitle={
        <Space wrap>
          <ProjectStatusTag status={project.status} />
          <ProcedureTag procedure={project.procedure} />
        </Space>
      }
      extra={[
        <Link key="detail" to={`/projects/${project.id}`}>
          <Button type="primary" data-testid="wizard-view-project">
            {t('project.viewDetail')}
          </Button>
        </Link>,
        filed ? (
          <Button
            key="certificate"
            icon={<DownloadOutlined />}
            loading={downloading}
            data-testid="wizard-download-certificate"
            onClick={() => {
              setDownloading(true);
              downloadFilingCertificate(project)
                .catch((error: unknown) => message.error(errorText(error)))
                .finally(() => setDownloading(false));
            }}
          >
            {t('project.downloadCertificate')}
          </Button>
        ) : null,
      ]}
    >
      {project.code ? <ProjectCodeBlock code={project.code} /> : null}
    </Result>
  );
}
