import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Result, Row, Space, Spin, Steps, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { ApiError } from '../../../app/api/http.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { CaseStatusTag, RemainingTag } from '../../applications/components/approval-tags.tsx';
import { CaseLicence } from '../../licences/components/case-licence.tsx';
import { useCase, useTransferCandidates } from '../api/cases.api.ts';
import type { CaseDetail, SpecialProcedureView } from '../api/cases.types.ts';
import { CaseActionBar, allowed } from '../components/case-action-bar.tsx';
import { CaseActionModal, type CaseModalKind } from '../components/case-action-modal.tsx';
import { CaseConsultModal } from '../components/case-consult-modal.tsx';
import { CaseApplicationSummaryView, CaseFormData, CaseMaterials } from '../components/case-application.tsx';
import { CaseHistory } from '../components/case-history.tsx';
import { ClockExplained } from '../components/clock-explained.tsx';
import { CaseTransferModal } from '../components/case-transfer-modal.tsx';
import { Consultations, SpecialProcedures } from '../components/special-procedures.tsx';
import { UrgeModal } from '../../supervisor/components/urge-modal.tsx';

/** 办件: the application, the clock explained line by line, the history, and the actions the server allows. */
export function CaseDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const detail = useCase(id);
  if (detail.isPending) return <Spin />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result status={notFound ? '404' : 'error'} title={notFound ? t('case.notFound') : errorText(detail.error)} />
    );
  }
  return <CaseView detail={detail.data} />;
}

function CaseView({ detail: c }: { detail: CaseDetail }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const [modal, setModal] = useState<CaseModalKind | null>(null);
  const [procedure, setProcedure] = useState<SpecialProcedureView | null>(null);
  const [side, setSide] = useState<'transfer' | 'consult' | null>(null);
  const [urging, setUrging] = useState(false);
  // A decided case is not handed on or consulted on, whatever the action list says.
  const open = c.decision === null;
  const candidates = useTransferCandidates(c.id, open && c.allowedActions.includes('transfer'));
  const canTransfer = open && (candidates.data?.length ?? 0) > 0;
  const canConsult = open && c.allowedActions.includes('consult');
  // 督办 from the case itself, as from the supervisor's lists (the server allows it a supervisor on an open case).
  const canUrge = open && c.allowedActions.includes('urge');
  const stepIndex = c.steps.findIndex((s) => s.code === c.currentStep);
  const back = me.role === 'supervisor' ? '/supervision' : '/department';

  return (
    <Page
      title={<span data-testid="case-title">{c.matterName}</span>}
      description={
        <span>
          <Link to={back}>
            <ArrowLeftOutlined />
          </Link>{' '}
          <span className="mono">{c.caseNumber}</span> · {c.departmentName}
        </span>
      }
      extra={
        <Space wrap>
          <CaseStatusTag status={c.status} />
          {c.decision ? null : <RemainingTag days={c.remainingWorkingDays} level={c.level} running={c.clockRunning} />}
          {c.urgeCount > 0 ? <Tag color="volcano">{t('case.urged', { count: c.urgeCount })}</Tag> : null}
        </Space>
      }
      testId="case-detail"
    >
      <Space orientation="vertical" size={16} className="full-width">
        {c.licence ? <CaseLicence number={c.licence.number} /> : null}
        <Card size="small">
          {c.steps.length > 0 ? (
            <Steps
              size="small"
              current={stepIndex < 0 ? c.steps.length : stepIndex}
              status={c.decision === 'denied' ? 'error' : c.decision ? 'finish' : 'process'}
              items={c.steps.map((s) => ({ title: s.name }))}
              className="case-steps"
            />
          ) : null}
          <div className="case-action-row">
            <CaseActionBar
              allowedActions={c.allowedActions}
              onAction={setModal}
              extra={
                canTransfer || canConsult || canUrge ? (
                  <>
                    {canUrge ? (
                      <Button type="primary" onClick={() => setUrging(true)} data-testid="case-urge">
                        {t('supervisor.urge')}
                      </Button>
                    ) : null}
                    {canTransfer ? (
                      <Button onClick={() => setSide('transfer')} data-testid="case-transfer">
                        {t('case.button.transfer')}
                      </Button>
                    ) : null}
                    {canConsult ? (
                      <Button onClick={() => setSide('consult')} data-testid="case-consult">
                        {t('case.button.consult')}
                      </Button>
                    ) : null}
                  </>
                ) : null
              }
            />
          </div>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Space orientation="vertical" size={16} className="full-width">
              {c.application ? (
                <>
                  <Card title={t('case.applicationTitle')}>
                    <CaseApplicationSummaryView application={c.application} />
                  </Card>
                  <Card title={t('application.formTitle')}>
                    <CaseFormData application={c.application} />
                  </Card>
                  <Card title={t('application.materialsTitle')}>
                    <CaseMaterials materials={c.application.materials} />
                  </Card>
                </>
              ) : null}
            </Space>
          </Col>
          <Col xs={24} lg={12}>
            <Space orientation="vertical" size={16} className="full-width">
              <Card title={t('clock.title')}>
                <ClockExplained clock={c.clock} />
              </Card>
              <Card title={t('special.title')}>
                <SpecialProcedures
                  items={c.specialProcedures}
                  canEnd={allowed(c.allowedActions, 'specialEnd')}
                  onEnd={(p) => {
                    setProcedure(p);
                    setModal('specialEnd');
                  }}
                />
              </Card>
              <Card title={t('consultation.title')}>
                <Consultations items={c.consultations} />
              </Card>
              <Card title={t('case.historyTitle')}>
                <CaseHistory actions={c.actions} steps={c.steps} />
              </Card>
            </Space>
          </Col>
        </Row>
      </Space>
      <CaseActionModal
        caseId={c.id}
        kind={modal}
        returnSteps={stepIndex > 0 ? c.steps.slice(0, stepIndex) : []}
        procedure={procedure}
        onClose={() => {
          setModal(null);
          setProcedure(null);
        }}
      />
      <CaseTransferModal
        caseId={c.id}
        open={side === 'transfer'}
        candidates={candidates.data ?? []}
        onClose={() => setSide(null)}
      />
      <CaseConsultModal caseId={c.id} open={side === 'consult'} onClose={() => setSide(null)} />
      <UrgeModal target={urging ? c : null} onClose={() => setUrging(false)} />
    </Page>
  );
}
