import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export const licenceKey = (number: string) => ['licences', 'one', number] as const;

/** GET /api/licences/:number — staff of the project's region and the owners. */
export function useLicence(number: string | undefined) {
  return useQuery({
    queryKey: licenceKey(number ?? ''),
    queryFn: ({ signal }) => api.get<LicenceView>(`/licences/${encodeURIComponent(number ?? '')}`, undefined, signal),
    enabled: Boolean(number),
    retry: false,
  });
}

export type LicenceActionInput =
  { action: 'revoke'; reason: string } | { action: 'extend'; months: number; reason: string };

/** 撤销 / 延续 by the issuing department's signer; the server checks who and the licence type's rules. */
export function useLicenceAction(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LicenceActionInput) =>
      input.action === 'revoke'
        ? api.post<LicenceView>(`/licences/${encodeURIComponent(number)}/revoke`, { reason: input.reason })
        : api.post<LicenceView>(`/licences/${encodeURIComponent(number)}/extension`, {
            months: input.months,
            reason: input.reason,
          }),
    onSuccess: (licence) => {
      queryClient.setQueryData(licenceKey(number), licence);
      void queryClient.invalidateQueries({ queryKey: ['licences'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
    },
  });
}
