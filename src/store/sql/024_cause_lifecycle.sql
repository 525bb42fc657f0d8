-- 024: causes of concern get the lifecycle recommendations have (017):
-- superseded by a named successor cause of the same body, or withdrawn,
-- with the reason, who (closed_by) and when (closed_on).
--
-- As for recommendations (see 017 for why columns and not new values of
-- status): a superseded or withdrawn cause is closed (status 'closed'), so
-- it leaves every count of open causes (the board, readiness, the exit
-- rules, candidates), and `lifecycle` says how it ended: NULL for a
-- closure (its outcome, 016), 'superseded' (superseded_by_id names the
-- successor) or 'withdrawn'; lifecycle_reason says why. Every existing row
-- reads as before (lifecycle NULL): nothing is lost on the upgrade.
ALTER TABLE causes_of_concern ADD COLUMN lifecycle TEXT CHECK (lifecycle IN ('superseded', 'withdrawn'));
ALTER TABLE causes_of_concern ADD COLUMN superseded_by_id INTEGER REFERENCES causes_of_concern(id);
ALTER TABLE causes_of_concern ADD COLUMN lifecycle_reason TEXT;
CREATE INDEX causes_by_successor ON causes_of_concern(superseded_by_id);
