/**
 * Stage-lifecycle peers (issue 6 §5), one per run of this file, in its own process so each gets a clean heap:
 *
 *   node --import tsx bench/stage/peers.ts <domain|bpmn-memory|bpmn-persisted> <seconds> [databaseUrl] [concurrency]
 *
 * prints one JSON line `{ peer, stages, seconds, perSecond, ... }`.
 *
 * - `domain`: our pure domain core in memory — per stage: buildStageForm once, application draft → submitted →
 *   accepted, four cases (initialCaseState, a clock ledger started on acceptance, computeClock for the deadline), four
 *   decisions (nextCaseState approve, computeClock on the decision day), application → completed.
 * - `bpmn-memory`: bpmn-engine (bpmn-moddle 9) running start → parallel split → four user tasks → join → end, the four
 *   tasks signalled programmatically; the definition is parsed once (moddle context shared by every instance).
 * - `bpmn-persisted`: the same, with engine.getState() saved as jsonb to PostgreSQL after each step (start reached the
 *   four waits; after each of the four signals), `concurrency` stages in flight over a pool of as many connections. The
 *   engine instance stays in memory between steps (no recover/resume), which favours bpmn-engine.
 */
import { EventEmitter } from 'node:events';
import {
  buildStageForm,
  computeClock,
  createDefaultCalendar,
  type ClockEntry,
  initialCaseState,
  nextApplicationState,
  nextCaseState,
  type ApplicationState,
  type CaseState,
} from '@yiwang/domain';
import { Engine } from 'bpmn-engine';
import BpmnModdle from 'bpmn-moddle';
import pg from 'pg';
import { BENCH_STAGE, benchCatalogue } from './bench-catalogue.ts';
import { DEPARTMENT_TASKS, STAGE_BPMN } from './stage.bpmn.ts';

const [peer, secondsArg, databaseUrl, concurrencyArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 5);
const concurrency = Number(concurrencyArg ?? 20);

function domainCore(): Record<string, unknown> {
  const catalogue = benchCatalogue();
  const calendar = createDefaultCalendar();
  const options = { yellowWhenRemainingAtMost: 2 };
  const project = {
    procedure: 'filing' as const,
    investmentNature: 'enterprise' as const,
    industryCode: 'C3484',
    totalInvestmentWan: 12000,
    flags: [],
  };
  const held = { materialCodes: [], licenceTypes: [] };
  const acceptedOn = '2026-11-23';
  const decidedOn = '2026-12-04';
  let stages = 0;
  let checksum = 0; // keeps the results alive
  const deadlineAt = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < deadlineAt) {
    for (let k = 0; k < 100; k++) {
      const form = buildStageForm(catalogue, BENCH_STAGE, project, held);
      let app: ApplicationState = 'draft';
      app = nextApplicationState(app, 'submit');
      app = nextApplicationState(app, 'accept');
      const decided = new Set<string>();
      const cases = form.matters.map((matter) => {
        const ledger: ClockEntry[] = [
          {
            kind: 'start',
            date: acceptedOn,
            reason: '受理',
            legalBasis: '《行政许可法》第四十二条',
            workingDays: matter.promisedLimitWorkingDays,
          },
        ];
        const clock = computeClock(ledger, calendar, acceptedOn, options);
        return {
          matter,
          state: initialCaseState(matter, form, decided) as CaseState,
          ledger,
          deadline: clock.deadline,
        };
      });
      for (const c of cases) {
        c.state = nextCaseState(c.state, 'approve');
        const clock = computeClock(c.ledger, calendar, decidedOn, options);
        checksum += clock.usedWorkingDays;
        decided.add(c.matter.code);
      }
      if (cases.every((c) => c.state === 'approved')) app = nextApplicationState(app, 'complete');
      if (app === 'completed') stages += 1;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  return { stages, seconds: elapsed, perSecond: stages / elapsed, checksum };
}

async function bpmn(persist: boolean): Promise<Record<string, unknown>> {
  const moddleContext = await new BpmnModdle().fromXML(STAGE_BPMN);
  let pool: pg.Pool | null = null;
  if (persist) {
    if (!databaseUrl) throw new Error('bpmn-persisted needs a database URL');
    pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
    await pool.query(
      `CREATE TABLE IF NOT EXISTS bpmn_instances (id text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
  }
  let seq = 0;
  let stateBytes = 0;
  const save = async (id: string, engine: Engine, first: boolean) => {
    const state = JSON.stringify(await engine.getState());
    stateBytes = state.length;
    if (first) await pool!.query('INSERT INTO bpmn_instances (id, state) VALUES ($1, $2)', [id, state]);
    else await pool!.query('UPDATE bpmn_instances SET state = $2, updated_at = now() WHERE id = $1', [id, state]);
  };
  const oneStage = async () => {
    const id = `stage-${process.pid}-${seq++}`;
    const listener = new EventEmitter();
    const engine = new Engine({ name: id, moddleContext });
    let waiting = 0;
    const allWaiting = new Promise<void>((resolve) =>
      listener.on('activity.wait', () => {
        if (++waiting === DEPARTMENT_TASKS.length) resolve();
      }),
    );
    const ended = new Promise((resolve) => engine.once('end', resolve));
    const execution = await engine.execute({ listener });
    await allWaiting;
    if (persist) await save(id, engine, true);
    for (const task of DEPARTMENT_TASKS) {
      execution.signal({ id: task });
      if (persist) await save(id, engine, false);
    }
    await ended;
  };
  let stages = 0;
  const started = performance.now();
  const deadlineAt = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadlineAt) {
      await oneStage();
      stages += 1;
    }
  };
  await Promise.all(Array.from({ length: persist ? concurrency : 1 }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await pool?.end();
  return { stages, seconds: elapsed, perSecond: stages / elapsed, stateBytes, concurrency: persist ? concurrency : 1 };
}

async function main() {
  const result =
    peer === 'domain'
      ? domainCore()
      : peer === 'bpmn-memory'
        ? await bpmn(false)
        : peer === 'bpmn-persisted'
          ? await bpmn(true)
          : null;
  if (!result) throw new Error(`unknown peer ${peer}`);
  process.stdout.write(
    `${JSON.stringify({ peer, ...result, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
