import { describe, expect, it } from 'vitest';
import type { ApplicabilityProject } from '../catalogue/catalogue-types.ts';
import { DEFAULT_STAGE_CODES, defaultCatalogue } from '../catalogue/default-catalogue.ts';
import { DomainError } from '../errors.ts';
import { buildStageForm, type HeldPackages, initialCaseState, missingMaterials, type StageForm } from './stage-form.ts';

const catalogue = defaultCatalogue();
const NOTHING_HELD: HeldPackages = { materialCodes: [], licenceTypes: [] };

/** An enterprise project in the ratification catalogue, on new land, with an EIA report form. */
const ratified: ApplicabilityProject = {
  procedure: 'ratification',
  investmentNature: 'enterprise',
  industryCode: 'C3011',
  totalInvestmentWan: 50_000,
  flags: ['newLand', 'eiaReportForm'],
};

const material = (form: StageForm, code: string) => form.materials.find((m) => m.code === code);
const field = (form: StageForm, code: string) => form.fields.find((f) => f.code === code);

describe('buildStageForm', () => {
  const form = buildStageForm(catalogue, DEFAULT_STAGE_CODES.projectAndLand, ratified, NOTHING_HELD);

  it('lists the applicable matters of the stage, both tracks, in catalogue order, with reasons', () => {
    expect(form.stageName).toBe('立项用地规划许可');
    expect(form.matters.map((m) => [m.code, m.track])).toEqual([
      ['nr.siteAndLand', 'main'],
      ['ndrc.ratification', 'main'],
      ['nr.landUsePlanningPermit', 'main'],
      ['eco.eiaReportForm', 'concurrent'],
    ]);
    const ratification = form.matters[1]!;
    expect(ratification.reasons[0]).toContain('核准');
    expect(ratification.reasonsEn[0]).toContain('ratification');
    expect(ratification).toMatchObject({
      departmentKind: 'ndrc',
      promisedLimitWorkingDays: 20,
      statutoryLimitWorkingDays: 20,
      outputLicenceType: 'projectDecision',
    });
  });

  it('keeps only the dependencies that apply to the project', () => {
    // nr.landUsePlanningPermit depends on siteAndLand, feasibility, ratification and filing; only two apply.
    expect(form.matters.find((m) => m.code === 'nr.landUsePlanningPermit')!.dependsOn).toEqual([
      'nr.siteAndLand',
      'ndrc.ratification',
    ]);
  });

  it('asks each field once (一表申报), with every matter that needs it', () => {
    const codes = form.fields.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(field(form, 'landAreaSqm')).toMatchObject({
      label: '拟用地面积（平方米）',
      type: 'number',
      required: true,
      matterCodes: ['nr.siteAndLand', 'nr.landUsePlanningPermit'],
    });
    expect(field(form, 'pollutantSummary')!.matterCodes).toEqual(['eco.eiaReportForm']);
  });

  it('marks a shared field required if any matter requires it; the first label wins', () => {
    const c = defaultCatalogue();
    const site = c.matters.find((m) => m.code === 'nr.siteAndLand')!;
    site.formFields = [{ code: 'landAreaSqm', label: '用地面积', labelEn: 'Area', type: 'number', required: false }];
    const f = buildStageForm(c, DEFAULT_STAGE_CODES.projectAndLand, ratified, NOTHING_HELD);
    expect(field(f, 'landAreaSqm')).toMatchObject({ label: '用地面积', required: true });
  });

  it('asks each material once; a licence issued in this same stage is never uploaded (两个不得)', () => {
    const codes = form.materials.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(material(form, 'siteAndLandOpinion')).toMatchObject({
      provision: 'sameStageOutput',
      satisfiedByLicenceType: 'siteAndLandOpinion',
      producedByMatter: 'nr.siteAndLand',
      matterCodes: ['ndrc.ratification', 'nr.landUsePlanningPermit'],
    });
    expect(material(form, 'projectDecisionDocument')).toMatchObject({
      provision: 'sameStageOutput',
      producedByMatter: 'ndrc.ratification',
    });
    expect(material(form, 'applicationReport')).toMatchObject({
      provision: 'upload',
      main: true,
      satisfiedByLicenceType: null,
      producedByMatter: null,
    });
    expect(material(form, 'landSurveyMap')).toMatchObject({ provision: 'upload', tolerable: true });
  });

  it('takes materials from the licence package first, then the material package', () => {
    const stage3 = buildStageForm(
      catalogue,
      DEFAULT_STAGE_CODES.constructionPermit,
      { ...ratified, flags: ['newLand'] },
      {
        materialCodes: ['qualitySafetyMeasures', 'constructionPlanningPermit'],
        licenceTypes: ['constructionPlanningPermit', 'landUsePlanningPermit', 'drawingReviewCertificate'],
      },
    );
    expect(material(stage3, 'constructionPlanningPermit')).toMatchObject({
      provision: 'licencePackage',
      satisfiedByLicenceType: 'constructionPlanningPermit',
      producedByMatter: null,
    });
    // Held in the licence package although housing.drawingReview would also issue it: the package wins.
    expect(material(stage3, 'drawingReviewCertificate')!.provision).toBe('licencePackage');
    expect(material(stage3, 'qualitySafetyMeasures')!.provision).toBe('materialPackage');
    expect(material(stage3, 'constructionDrawings')!.provision).toBe('upload');
  });

  it('supplies a stage-3 licence from the same stage when not held', () => {
    const stage3 = buildStageForm(catalogue, DEFAULT_STAGE_CODES.constructionPermit, ratified, NOTHING_HELD);
    expect(material(stage3, 'drawingReviewCertificate')).toMatchObject({
      provision: 'sameStageOutput',
      producedByMatter: 'housing.drawingReview',
    });
    // Issued by an earlier stage and not in the package: the applicant has to provide it.
    expect(material(stage3, 'constructionPlanningPermit')!.provision).toBe('upload');
  });

  it('returns an empty form for a stage where nothing applies', () => {
    const none = buildStageForm(
      catalogue,
      DEFAULT_STAGE_CODES.engineeringPermit,
      { ...ratified, flags: ['noConstruction'] },
      NOTHING_HELD,
    );
    expect(none).toEqual({
      stageCode: 'engineeringPermit',
      stageName: '工程建设许可',
      matters: [],
      fields: [],
      materials: [],
    });
  });

  it('refuses an unknown stage', () => {
    expect(() => buildStageForm(catalogue, 'nope', ratified, NOTHING_HELD)).toThrow(
      expect.objectContaining({ code: 'STAGE_UNKNOWN' }),
    );
    expect(() => buildStageForm(catalogue, 'nope', ratified, NOTHING_HELD)).toThrow(DomainError);
  });
});

describe('missingMaterials', () => {
  const form = buildStageForm(catalogue, DEFAULT_STAGE_CODES.projectAndLand, ratified, {
    materialCodes: ['eiaReportForm'],
    licenceTypes: [],
  });

  it('lists required uploads not provided; package and same-stage materials are never missing', () => {
    expect(missingMaterials(form, new Set()).map((m) => m.code)).toEqual([
      'siteSelectionApplication',
      'landSurveyMap',
      'applicationReport',
    ]);
    expect(
      missingMaterials(form, new Set(['siteSelectionApplication', 'applicationReport'])).map((m) => m.code),
    ).toEqual(['landSurveyMap']);
  });

  it('ignores optional materials', () => {
    const stage3 = buildStageForm(
      catalogue,
      DEFAULT_STAGE_CODES.constructionPermit,
      { ...ratified, flags: ['specialConstruction'] },
      NOTHING_HELD,
    );
    expect(material(stage3, 'specialFireDesignDocs')!.required).toBe(false);
    expect(missingMaterials(stage3, new Set()).map((m) => m.code)).not.toContain('specialFireDesignDocs');
  });
});

describe('initialCaseState', () => {
  const form = buildStageForm(catalogue, DEFAULT_STAGE_CODES.projectAndLand, ratified, NOTHING_HELD);
  const matter = (code: string) => form.matters.find((m) => m.code === code)!;

  it('is pending while a same-stage dependency is undecided (国办发〔2019〕11号: pre-review in parallel)', () => {
    expect(initialCaseState(matter('ndrc.ratification'), form, new Set())).toBe('pending');
    expect(initialCaseState(matter('nr.landUsePlanningPermit'), form, new Set(['nr.siteAndLand']))).toBe('pending');
  });

  it('is in progress with no dependency, or once the dependencies are decided', () => {
    expect(initialCaseState(matter('nr.siteAndLand'), form, new Set())).toBe('inProgress');
    expect(initialCaseState(matter('eco.eiaReportForm'), form, new Set())).toBe('inProgress');
    expect(
      initialCaseState(matter('nr.landUsePlanningPermit'), form, new Set(['nr.siteAndLand', 'ndrc.ratification'])),
    ).toBe('inProgress');
  });

  it('ignores dependencies on earlier stages (they are inputs of the application)', () => {
    const stage2 = buildStageForm(catalogue, DEFAULT_STAGE_CODES.engineeringPermit, ratified, NOTHING_HELD);
    const permit = stage2.matters.find((m) => m.code === 'nr.constructionPlanningPermit')!;
    expect(permit.dependsOn).toEqual(['nr.landUsePlanningPermit']);
    expect(initialCaseState(permit, stage2, new Set())).toBe('inProgress');
  });
});
