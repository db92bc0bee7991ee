import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Catalogue } from '@yiwang/domain';
import { api, apiBlob, saveBlob } from '../../../app/api/http.ts';

export type CatalogueVersionStatus = 'draft' | 'published' | 'retired';

/** One item of GET /api/catalogue/versions. */
export interface CatalogueVersionSummary {
  id: string;
  version: string;
  status: CatalogueVersionStatus;
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  stats: { stages: number; matters: number; materials: number };
}

export interface ValidationProblem {
  kind: string;
  path: string;
  message: string;
  messageEn: string;
}

/** GET /api/catalogue/versions/:id (and the answer of every change). */
export interface CatalogueVersionDetail {
  id: string;
  version: string;
  status: CatalogueVersionStatus;
  note: string | null;
  catalogue: Catalogue;
  validation: { ok: boolean; problems: ValidationProblem[] };
}

const versionsKey = ['catalogue', 'versions'] as const;
const versionKey = (id: string) => ['catalogue', 'version', id] as const;

export function useCatalogueVersions() {
  return useQuery({
    queryKey: versionsKey,
    queryFn: ({ signal }) =>
      api.get<{ items: CatalogueVersionSummary[] }>('/catalogue/versions', undefined, signal).then((r) => r.items),
  });
}

export function useCatalogueVersion(id: string | undefined) {
  return useQuery({
    queryKey: versionKey(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<CatalogueVersionDetail>(`/catalogue/versions/${id}`, undefined, signal),
  });
}

function useInvalidateCatalogue() {
  const client = useQueryClient();
  return (detail?: CatalogueVersionDetail) => {
    if (detail) client.setQueryData(versionKey(detail.id), detail);
    void client.invalidateQueries({ queryKey: versionsKey });
    // Guides and plans read the current version.
    void client.invalidateQueries({ queryKey: ['guides'] });
    void client.invalidateQueries({ queryKey: ['plan'] });
  };
}

export function useCreateDraft() {
  const done = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (body: { fromVersionId?: string; version: string; note?: string }) =>
      api.post<CatalogueVersionDetail>('/catalogue/versions', body),
    onSuccess: done,
  });
}

export function useImportCatalogue() {
  const done = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (body: { version: string; note?: string; catalogue: Catalogue }) =>
      api.post<CatalogueVersionDetail>('/catalogue/import', body),
    onSuccess: done,
  });
}

export function useSaveCatalogue(id: string) {
  const done = useInvalidateCatalogue();
  return useMutation({
    mutationFn: (catalogue: Catalogue) =>
      api.put<CatalogueVersionDetail>(`/catalogue/versions/${id}/catalogue`, catalogue),
    onSuccess: done,
  });
}

export function usePublishVersion(id: string) {
  const done = useInvalidateCatalogue();
  return useMutation({
    mutationFn: () => api.post<CatalogueVersionDetail>(`/catalogue/versions/${id}/publish`),
    onSuccess: done,
  });
}

/** Saves the export as a file (the server names it in Content-Disposition; we name it again for the browser). */
export async function downloadCatalogue(version: CatalogueVersionSummary): Promise<void> {
  const blob = await apiBlob(`/catalogue/versions/${version.id}/export`);
  saveBlob(blob, `catalogue-${version.version}.json`);
}
