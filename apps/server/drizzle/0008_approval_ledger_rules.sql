-- The clock ledger is append-only (issue 5 §5): a deadline must be explainable from what was recorded, so nothing
-- recorded may change. Corrections are new entries.
CREATE OR REPLACE FUNCTION case_clock_entries_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case_clock_entries is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER case_clock_entries_no_update BEFORE UPDATE OR DELETE ON case_clock_entries
  FOR EACH ROW EXECUTE FUNCTION case_clock_entries_append_only();
--> statement-breakpoint
-- A licence's signed data never changes (its signature would no longer verify): only revocation and extension columns
-- may be updated, and licences are never deleted.
CREATE OR REPLACE FUNCTION licences_signed_data_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'licences are never deleted' USING ERRCODE = '42501';
  END IF;
  IF NEW.number <> OLD.number OR NEW.canonical <> OLD.canonical OR NEW.signature <> OLD.signature
     OR NEW.public_key <> OLD.public_key OR NEW.issued_at <> OLD.issued_at OR NEW.project_id <> OLD.project_id
     OR NEW.enterprise_id <> OLD.enterprise_id OR NEW.licence_type <> OLD.licence_type
     OR NEW.case_id IS DISTINCT FROM OLD.case_id THEN
    RAISE EXCEPTION 'licence % signed data is immutable', OLD.number USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER licences_immutable BEFORE UPDATE OR DELETE ON licences
  FOR EACH ROW EXECUTE FUNCTION licences_signed_data_immutable();
