-- 008: indexes the benchmarks found missing (docs/benchmarks.md). Every
-- lookup of a recommendation's parts, a body's parts or an inspection's
-- parts goes through an index, so a body's record costs the same with 46
-- bodies or 100,000.
CREATE INDEX deadline_revisions_by_recommendation ON deadline_revisions(recommendation_id, id);
CREATE INDEX progress_by_recommendation ON progress_updates(recommendation_id);
CREATE INDEX recommendations_by_inspection ON recommendations(inspection_id);
CREATE INDEX causes_by_inspection ON causes_of_concern(inspection_id);
CREATE INDEX areas_by_body ON areas_for_improvement(body_id);
CREATE INDEX areas_by_inspection ON areas_for_improvement(inspection_id);
CREATE INDEX plans_by_body ON plans(body_id);
CREATE INDEX plan_pillars_by_plan ON plan_pillars(plan_id, position);
CREATE INDEX plan_items_by_plan ON plan_items(plan_id);
CREATE INDEX external_matters_by_body ON external_matters(body_id);
CREATE INDEX external_matters_by_report ON external_matters(report_id);
CREATE INDEX ppog_items_by_body ON ppog_items(body_id);
