-- 009: what an improvement plan is for and what it holds, in the
-- inspectorate's words, as the letters quote them (seeds/004): `reason`, the
-- concerns that led to the plan ("In our inspection reports, we identified
-- that systematic failings ..."), and `description` ("The Milestone Plan
-- details key actions and associated outcomes ...").
ALTER TABLE plans ADD COLUMN reason TEXT;
ALTER TABLE plans ADD COLUMN description TEXT;
