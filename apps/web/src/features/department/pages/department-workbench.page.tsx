import { Alert, Card, Tabs } from 'antd';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { DEPARTMENT_STEPS, isDepartmentStep, stepLabelKey } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { StepTodoTable } from '../components/step-todo-table.tsx';

/** 审批部门: one to-do tab per internal step the officer holds (承办 → 审核 → 签发). */
export function DepartmentWorkbenchPage() {
  const me = useCurrentUser();
  const { t } = useI18n();
  // Keep the workflow order whatever order the server lists the steps in.
  const steps = DEPARTMENT_STEPS.filter((step) => me.departmentSteps.filter(isDepartmentStep).includes(step));
  return (
    <Page title={t('department.title')} description={me.departmentName ?? undefined} testId="workbench-department">
      <Card title={t('department.todo')}>
        {steps.length === 0 ? (
          <Alert type="info" showIcon title={t('department.noSteps')} />
        ) : (
          <Tabs
            items={steps.map((step) => ({
              key: step,
              label: t(stepLabelKey(step)),
              children: <StepTodoTable step={step} rows={[]} />,
            }))}
          />
        )}
      </Card>
    </Page>
  );
}
