import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, downloadCsv } from '../../../app/api/http.ts';

export interface AuditEvent {
  /** Insertion order. */
  id: number;
  /** Chain position; null for the fraction of a second before the sealer chains the row. */
  seq: number | null;
  occurredAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  hash: string | null;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  action: string;
  actor: string;
}

export interface VerifyProblem {
  seq: number;
  kind: string;
  message: string;
  messageEn: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedRows: number;
  lastSeq: number;
  checkpointsChecked: number;
  unsealedRows: number;
  problems: VerifyProblem[];
}

/** 导出: the trail with the list's filters as a CSV file (the first 10,000, newest first); the export is audited. */
export function downloadAuditEvents(query: Pick<AuditQuery, 'action' | 'actor'>, language: 'zh-CN' | 'en') {
  return downloadCsv(
    '/audit/events/export',
    { action: query.action.trim(), actor: query.actor.trim(), lang: language },
    'audit-events.csv',
  );
}

export function useAuditEvents(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', 'events', query],
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEvent[]; total: number; totalIsLowerBound: boolean }>(
        '/audit/events',
        { page: query.page, pageSize: query.pageSize, action: query.action.trim(), actor: query.actor.trim() },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** 审计员操作: the security admin's review of the audit admins' own actions (nothing else of the trail). */
export function useAuditAdminEvents(page: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['audit', 'audit-admin-events', page],
    queryFn: ({ signal }) =>
      api.get<{ items: AuditEvent[]; total: number; totalIsLowerBound: boolean }>(
        '/security/audit-admin-events',
        page,
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Runs only when asked: re-hashing the whole chain is heavy on a large log. */
export function useAuditVerify() {
  return useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: ({ signal }) => api.get<VerifyResult>('/audit/verify', undefined, signal),
    enabled: false,
    staleTime: 0,
    retry: false,
  });
}
