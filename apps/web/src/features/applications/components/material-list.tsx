import { App, Empty } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useSignCommitment, useUploadMaterial } from '../api/applications.api.ts';
import type { ApplicationDetail, ApplicationMaterialView } from '../api/applications.types.ts';
import { CommitmentModal } from './commitment-modal.tsx';
import { MaterialRow } from './material-row.tsx';

/** Whether the applicant may upload this material now (contract: draft, 补正, or a tolerated one after acceptance). */
function uploadAllowed(application: ApplicationDetail, m: ApplicationMaterialView): boolean {
  if (m.provision === 'materialPackage' || m.provision === 'licencePackage' || m.provision === 'sameStageOutput') {
    return application.status === 'correctionRequested' && m.status === 'missing';
  }
  if (application.status === 'draft' || application.status === 'correctionRequested') return true;
  return application.status === 'accepted' && (m.status === 'tolerated' || m.provision === 'tolerated');
}

interface MaterialListProps {
  application: ApplicationDetail;
  /** The applicant's view (upload, commitment); staff see the same list read-only. */
  editable: boolean;
  /** Material code → reason of the open 补正 notice. */
  flagged?: Map<string, string> | undefined;
}

/** The ONE material list of the stage: each material once, with its provision. */
export function MaterialList({ application, editable, flagged }: MaterialListProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const upload = useUploadMaterial(application.id);
  const sign = useSignCommitment(application.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [uploadingCode, setUploadingCode] = useState<string | null>(null);
  const [committing, setCommitting] = useState<ApplicationMaterialView | null>(null);
  const [commitError, setCommitError] = useState<string | null>(null);

  if (application.materials.length === 0) return <Empty description={t('material.none')} />;

  const onUpload = (code: string, file: File) => {
    setUploadingCode(code);
    setErrors(({ [code]: _dropped, ...rest }) => rest);
    upload.mutate(
      { materialCode: code, file },
      {
        onSuccess: () => void message.success(t('material.uploaded', { name: file.name })),
        onError: (error) => setErrors((prev) => ({ ...prev, [code]: errorText(error) })),
        onSettled: () => setUploadingCode(null),
      },
    );
  };

  const onSign = () => {
    if (!committing) return;
    setCommitError(null);
    sign.mutate(committing.materialCode, {
      onSuccess: () => {
        void message.success(t('material.commitmentSigned'));
        setCommitting(null);
      },
      onError: (error) => setCommitError(errorText(error)),
    });
  };

  const showStatus = application.status !== 'draft';
  return (
    <>
      <ul className="material-list" data-testid="material-list">
        {application.materials.map((m) => (
          <MaterialRow
            key={m.materialCode}
            material={m}
            canUpload={editable && uploadAllowed(application, m)}
            canCommit={
              editable &&
              Boolean(m.commitmentText) &&
              !m.committedAt &&
              !m.file &&
              (application.status === 'draft' || application.status === 'correctionRequested')
            }
            uploading={uploadingCode === m.materialCode}
            highlighted={flagged?.has(m.materialCode) ?? false}
            correctionReason={flagged?.get(m.materialCode)}
            error={errors[m.materialCode]}
            showStatus={showStatus}
            onUpload={(file) => onUpload(m.materialCode, file)}
            onCommit={() => {
              setCommitError(null);
              setCommitting(m);
            }}
          />
        ))}
      </ul>
      <CommitmentModal
        open={committing !== null}
        materialName={committing?.name ?? ''}
        text={committing?.commitmentText ?? null}
        signing={sign.isPending}
        error={commitError}
        onSign={onSign}
        onClose={() => setCommitting(null)}
      />
    </>
  );
}
