import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export type LicenceStatus = 'valid' | 'revoked' | 'expired';

/** GET /api/licences/:number and the items of the licence package. */
export interface LicenceView {
  number: string;
  licenceType: string;
  licenceTypeName: string;
  holderName: string;
  projectCode: string;
  projectName: string;
  matterName: string;
  issuingDepartment: string;
  content?: unknown;
  issuedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  status: LicenceStatus;
  revokedOn: string | null;
  revokedReason: string | null;
  extensionsUsed: number;
}

/** GET /api/public/licences/:number — anyone verifies a licence (the QR on the PDF opens this). */
export interface PublicLicenceCheck {
  valid: boolean;
  status: LicenceStatus;
  holder: string;
  projectCode: string;
  issuedAt: string;
  validUntil: string | null;
  licenceTypeName?: string;
  matterName?: string;
  issuingDepartment?: string;
  signatureValid?: boolean;
}

export function useProjectLicences(projectId: string) {
  return useQuery({
    queryKey: ['licences', 'project', projectId],
    queryFn: ({ signal }) =>
      api.get<{ items: LicenceView[] }>(`/projects/${encodeURIComponent(projectId)}/licences`, undefined, signal),
    retry: false,
  });
}

export function usePublicLicence(number: string | undefined) {
  return useQuery({
    queryKey: ['public', 'licence', number ?? ''],
    queryFn: ({ signal }) =>
      api.get<PublicLicenceCheck>(`/public/licences/${encodeURIComponent(number ?? '')}`, undefined, signal),
    enabled: Boolean(number),
    retry: false,
  });
}
