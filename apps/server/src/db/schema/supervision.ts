import { bigint, boolean, date, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { CASE_STATUSES, CLOCK_LEVELS } from './approval.ts';
import { PROCEDURES, PROJECT_STATUSES } from './projects.ts';

/**
 * Supervision aggregates (ADR 0006): the supervisor dashboard reads these small tables instead of scanning cases and
 * projects. Triggers on `cases` and `projects` (migration 0011) append one −1/+1 row per changed group to the
 * insert-only `*_deltas` tables — no shared counter row is updated on the write path — and the supervision fold job
 * (modules/supervision) moves the deltas into the aggregates every SUPERVISION_FOLD_SECONDS. Readers add the
 * not-yet-folded deltas, so figures are exact as of the reading statement's snapshot.
 *
 * The case group key keeps what the figures need and no more: the deadline only for open cases whose clock runs (so
 * "overdue" and "yellow" are derived at query time from today — they change as days pass without any row changing),
 * the stored clock level only for open cases (a stopped clock's level does not move with time), and whether a decided
 * case was decided within its deadline.
 */
const caseFigureColumns = () => ({
  departmentId: uuid('department_id').notNull(),
  status: text('status', { enum: CASE_STATUSES }).notNull(),
  /** Open and the clock running; false for every other case. */
  clockRunning: boolean('clock_running').notNull(),
  /** The stored clock level of an open case; 'normal' for a decided one. */
  clockLevel: text('clock_level', { enum: CLOCK_LEVELS }).notNull(),
  /** The deadline of an open case with a running clock; null otherwise. */
  deadline: date('deadline'),
  /** decided_on ≤ deadline (the figures' 按时办结). */
  decidedOnTime: boolean('decided_on_time').notNull(),
  /** urge_count > 0. */
  urged: boolean('urged').notNull(),
});

export const caseFigures = pgTable(
  'case_figures',
  { ...caseFigureColumns(), n: bigint('n', { mode: 'number' }).notNull() },
  (t) => [
    unique('case_figures_key_uq')
      .on(t.departmentId, t.status, t.clockRunning, t.clockLevel, t.deadline, t.decidedOnTime, t.urged)
      .nullsNotDistinct(),
  ],
);

/** Insert-only: written by the cases trigger, emptied by the fold. No key, no index: the cheapest possible insert. */
export const caseFigureDeltas = pgTable('case_figure_deltas', {
  ...caseFigureColumns(),
  n: integer('n').notNull(),
});

const projectFigureColumns = () => ({
  regionCode: text('region_code'),
  status: text('status', { enum: PROJECT_STATUSES }).notNull(),
  procedure: text('procedure', { enum: PROCEDURES }),
});

export const projectFigures = pgTable(
  'project_figures',
  { ...projectFigureColumns(), n: bigint('n', { mode: 'number' }).notNull() },
  (t) => [unique('project_figures_key_uq').on(t.regionCode, t.status, t.procedure).nullsNotDistinct()],
);

export const projectFigureDeltas = pgTable('project_figure_deltas', {
  ...projectFigureColumns(),
  n: integer('n').notNull(),
});
