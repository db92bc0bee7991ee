CREATE TABLE "case_figure_deltas" (
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"clock_running" boolean NOT NULL,
	"clock_level" text NOT NULL,
	"deadline" date,
	"decided_on_time" boolean NOT NULL,
	"urged" boolean NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_figures" (
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"clock_running" boolean NOT NULL,
	"clock_level" text NOT NULL,
	"deadline" date,
	"decided_on_time" boolean NOT NULL,
	"urged" boolean NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "case_figures_key_uq" UNIQUE NULLS NOT DISTINCT("department_id","status","clock_running","clock_level","deadline","decided_on_time","urged")
);
--> statement-breakpoint
CREATE TABLE "project_figure_deltas" (
	"region_code" text,
	"status" text NOT NULL,
	"procedure" text,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_figures" (
	"region_code" text,
	"status" text NOT NULL,
	"procedure" text,
	"n" bigint NOT NULL,
	CONSTRAINT "project_figures_key_uq" UNIQUE NULLS NOT DISTINCT("region_code","status","procedure")
);
--> statement-breakpoint
-- ADR 0006: supervision aggregates. Each change of a case's (or project's) group key appends −1 for the old key and +1
-- for the new one to the insert-only delta table; the fold job (modules/supervision) moves them into the aggregates.
-- The key expressions here, in the backfill below and in supervision.repository.ts must stay the same.
CREATE FUNCTION case_figure_deltas_record() RETURNS trigger AS $$
DECLARE
  o_open boolean; o_running boolean; o_level text; o_deadline date; o_on_time boolean; o_urged boolean;
  n_open boolean; n_running boolean; n_level text; n_deadline date; n_on_time boolean; n_urged boolean;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    o_open := OLD.status IN ('pending', 'inProgress', 'suspended');
    o_running := o_open AND OLD.clock_running;
    o_level := CASE WHEN o_open THEN OLD.clock_level ELSE 'normal' END;
    o_deadline := CASE WHEN o_running THEN OLD.deadline END;
    o_on_time := OLD.decided_on IS NOT NULL AND OLD.deadline IS NOT NULL AND OLD.decided_on <= OLD.deadline;
    o_urged := OLD.urge_count > 0;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    n_open := NEW.status IN ('pending', 'inProgress', 'suspended');
    n_running := n_open AND NEW.clock_running;
    n_level := CASE WHEN n_open THEN NEW.clock_level ELSE 'normal' END;
    n_deadline := CASE WHEN n_running THEN NEW.deadline END;
    n_on_time := NEW.decided_on IS NOT NULL AND NEW.deadline IS NOT NULL AND NEW.decided_on <= NEW.deadline;
    n_urged := NEW.urge_count > 0;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_figure_deltas VALUES (NEW.department_id, NEW.status, n_running, n_level, n_deadline, n_on_time, n_urged, 1);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO case_figure_deltas VALUES (OLD.department_id, OLD.status, o_running, o_level, o_deadline, o_on_time, o_urged, -1);
  ELSIF (OLD.department_id, OLD.status, o_running, o_level, o_deadline, o_on_time, o_urged)
        IS DISTINCT FROM (NEW.department_id, NEW.status, n_running, n_level, n_deadline, n_on_time, n_urged) THEN
    INSERT INTO case_figure_deltas VALUES
      (OLD.department_id, OLD.status, o_running, o_level, o_deadline, o_on_time, o_urged, -1),
      (NEW.department_id, NEW.status, n_running, n_level, n_deadline, n_on_time, n_urged, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cases_figures_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION case_figure_deltas_record();
--> statement-breakpoint
CREATE TRIGGER cases_figures_delete AFTER DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_figure_deltas_record();
--> statement-breakpoint
-- Most updates (step, assignee, opinions) touch no key column: the WHEN clause skips the function call altogether.
CREATE TRIGGER cases_figures_update AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.clock_running IS DISTINCT FROM NEW.clock_running OR OLD.clock_level IS DISTINCT FROM NEW.clock_level
        OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.decided_on IS DISTINCT FROM NEW.decided_on
        OR (OLD.urge_count > 0) IS DISTINCT FROM (NEW.urge_count > 0))
  EXECUTE FUNCTION case_figure_deltas_record();
--> statement-breakpoint
CREATE FUNCTION project_figure_deltas_record() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO project_figure_deltas VALUES (OLD.region_code, OLD.status, OLD.procedure, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO project_figure_deltas VALUES (NEW.region_code, NEW.status, NEW.procedure, 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER projects_figures_insert AFTER INSERT ON projects FOR EACH ROW EXECUTE FUNCTION project_figure_deltas_record();
--> statement-breakpoint
CREATE TRIGGER projects_figures_delete AFTER DELETE ON projects FOR EACH ROW EXECUTE FUNCTION project_figure_deltas_record();
--> statement-breakpoint
CREATE TRIGGER projects_figures_update AFTER UPDATE ON projects FOR EACH ROW
  WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.procedure IS DISTINCT FROM NEW.procedure)
  EXECUTE FUNCTION project_figure_deltas_record();
--> statement-breakpoint
-- Backfill from the rows already there (the triggers exist from here on, in the same transaction, so nothing is missed
-- or counted twice).
INSERT INTO case_figures
SELECT department_id, status, running, level, CASE WHEN running THEN deadline END, on_time, urged, count(*)
FROM (
  SELECT department_id, status, deadline,
         status IN ('pending', 'inProgress', 'suspended') AND clock_running AS running,
         CASE WHEN status IN ('pending', 'inProgress', 'suspended') THEN clock_level ELSE 'normal' END AS level,
         decided_on IS NOT NULL AND deadline IS NOT NULL AND decided_on <= deadline AS on_time,
         urge_count > 0 AS urged
  FROM cases
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO project_figures SELECT region_code, status, procedure, count(*) FROM projects GROUP BY 1, 2, 3;
