-- 018: how many recommendations a report made, as a fact of the report
-- (issue #16, item 7). A report may make more recommendations than the
-- record holds as rows: the Metropolitan Police child exploitation report
-- of 9 February 2024 made eleven, of which the published letter gives the
-- text of three. The count is recorded with the report (its source is the
-- report's url), so the pages can say that the others are in the
-- published report rather than pass the rows held for all it made.
--
-- Upgrading an older database: every report keeps what it says; the count
-- is NULL ("not recorded") until someone records it, never guessed from
-- the rows held.
ALTER TABLE inspections ADD COLUMN recommendations_made INTEGER
  CHECK (recommendations_made IS NULL OR recommendations_made >= 0);
