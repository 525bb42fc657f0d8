-- 028: the kinds of body a monitoring framework applies to
-- (docs/frameworks.md). A police framework (e.g. the policing performance
-- framework) is not the fire and rescue services' process: a fire and
-- rescue service must not start in its entry level nor be moved into its
-- levels. applies_to is a comma list of body kinds ('police', 'fire'),
-- checked when a framework is loaded or restored (core/phase.h
-- framework_kinds_valid); '' is every monitored kind, which is what every
-- framework held before this migration keeps, so a database made by an
-- earlier release behaves exactly as before.
ALTER TABLE frameworks ADD COLUMN applies_to TEXT NOT NULL DEFAULT '';
