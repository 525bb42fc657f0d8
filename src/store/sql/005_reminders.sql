-- 005: deadline reminders by e-mail (`oversight remind`, src/cli/cmd_remind.c).
-- Accounts get an address; each reminder sent is recorded once per item,
-- due date, stage and recipient, so a run sends only what no earlier run
-- sent. A revised deadline is a new due date and gets its own reminders.
ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE reminders_sent (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('recommendation', 'plan_item', 'pcc_response')),
  item_id INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('30', '7', '1', 'overdue')),
  recipient TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  UNIQUE (kind, item_id, due_date, stage, recipient));
