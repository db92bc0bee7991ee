import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, withQuery } from '../../../app/api/http.ts';
import type {
  ApplicationDetail,
  ApplicationListItem,
  ApplicationMaterialView,
  CaseSummary,
  FormData,
} from './applications.types.ts';

export const applicationsKey = ['applications'] as const;
export const applicationKey = (id: string) => [...applicationsKey, 'one', id] as const;
export const projectApplicationsKey = (projectId: string) => [...applicationsKey, 'project', projectId] as const;
export const projectCasesKey = (projectId: string) => ['cases', 'project', projectId] as const;

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: applicationKey(id ?? ''),
    queryFn: ({ signal }) =>
      api.get<ApplicationDetail>(`/applications/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
    retry: false,
  });
}

export function useProjectApplications(projectId: string) {
  return useQuery({
    queryKey: projectApplicationsKey(projectId),
    queryFn: ({ signal }) =>
      api.get<{ items: ApplicationListItem[] }>(
        `/projects/${encodeURIComponent(projectId)}/applications`,
        undefined,
        signal,
      ),
    retry: false,
  });
}

export function useProjectCases(projectId: string, enabled = true) {
  return useQuery({
    queryKey: projectCasesKey(projectId),
    queryFn: ({ signal }) =>
      api.get<{ items: CaseSummary[] }>(`/projects/${encodeURIComponent(projectId)}/cases`, undefined, signal),
    enabled,
    retry: false,
  });
}

/**
 * The application's cases with the tracking detail (opinions, licence, warning level) of GET /api/projects/:id/cases;
 * the application's own thinner list until that answers (or when it cannot be read).
 */
export function useApplicationCases(application: ApplicationDetail): CaseSummary[] {
  const project = useProjectCases(application.projectId, application.cases.length > 0);
  const ids = new Set(application.cases.map((c) => c.id));
  const rich = project.data?.items.filter((c) => ids.has(c.id) || c.applicationId === application.id) ?? [];
  return rich.length > 0 ? rich : application.cases;
}

export function useStartApplication(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { stageCode: string; facts: string[] }) =>
      api.post<ApplicationDetail>(`/projects/${encodeURIComponent(projectId)}/applications`, input),
    onSuccess: (detail) => {
      queryClient.setQueryData(applicationKey(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: projectApplicationsKey(projectId) });
    },
  });
}

/** Every mutation of one application answers with (or implies) a new detail: refresh it and the lists. */
function useApplicationMutation<I, O>(id: string, run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (result) => {
      if (result && typeof result === 'object' && 'form' in result && 'materials' in result) {
        queryClient.setQueryData(applicationKey(id), result);
      }
      void queryClient.invalidateQueries({ queryKey: applicationsKey });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void queryClient.invalidateQueries({ queryKey: ['window'] });
    },
  });
}

export function useSaveApplication(id: string) {
  return useApplicationMutation(id, (input: { formData?: FormData; facts?: string[] }) =>
    api.put<ApplicationDetail>(`/applications/${encodeURIComponent(id)}`, input),
  );
}

export function useSubmitApplication(id: string) {
  return useApplicationMutation(id, () =>
    api.post<ApplicationDetail>(`/applications/${encodeURIComponent(id)}/submit`),
  );
}

export function useSupplementApplication(id: string) {
  return useApplicationMutation(id, () =>
    api.post<ApplicationDetail>(`/applications/${encodeURIComponent(id)}/supplement`),
  );
}

export function useWithdrawApplication(id: string) {
  return useApplicationMutation(id, () =>
    api.post<ApplicationDetail>(`/applications/${encodeURIComponent(id)}/withdraw`),
  );
}

export function useSignCommitment(id: string) {
  return useApplicationMutation(id, (materialCode: string) =>
    api.post<ApplicationMaterialView>(
      `/applications/${encodeURIComponent(id)}/materials/${encodeURIComponent(materialCode)}/commitment`,
      { agreed: true },
    ),
  );
}

export function useUploadMaterial(id: string) {
  return useApplicationMutation(id, (input: { materialCode: string; file: File }) =>
    uploadMaterialFile(id, input.materialCode, input.file),
  );
}

/**
 * PUT the raw file (the server sniffs the type; size and type errors come back as the usual zh/en error body). Sent
 * as every change is (http.ts): with an Idempotency-Key, and again with the same key when no answer came back, so a
 * phone that lost the answer of an upload does not store the file twice.
 */
export function uploadMaterialFile(
  applicationId: string,
  materialCode: string,
  file: File,
): Promise<ApplicationMaterialView> {
  const path = `/applications/${encodeURIComponent(applicationId)}/materials/${encodeURIComponent(materialCode)}/file`;
  return apiRequest<ApplicationMaterialView>(withQuery(path, { fileName: file.name }), { method: 'PUT', file });
}

/** Links the browser opens directly (same-origin, the session cookie goes along). */
export const fileLinks = {
  projectMaterial: (id: string) => `/api/project-materials/${encodeURIComponent(id)}/file`,
  receipt: (applicationId: string) => `/api/applications/${encodeURIComponent(applicationId)}/receipt.pdf`,
  correctionNotice: (applicationId: string, noticeId: string) =>
    `/api/applications/${encodeURIComponent(applicationId)}/corrections/${encodeURIComponent(noticeId)}/notice.pdf`,
  licencePdf: (number: string) => `/api/licences/${encodeURIComponent(number)}/pdf`,
  licenceVerify: (number: string) => `/public/licences/${encodeURIComponent(number)}`,
};
