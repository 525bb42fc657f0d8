-- 020: the local policing body's response to an inspection report as the
-- Police Act 1996 s.55 has it (issue #15 item 5).
--
-- A response is owed by each police force's local policing body for a
-- report that covers the force: one response per (report, body), not per
-- report, so that a report covering several forces takes a response from
-- each (today an inspection names one body; the key is ready for more).
-- It carries the chief officer's comments (s.55(4)) and, in
-- pcc_recommendation_responses, an explanation of the action taken or
-- proposed for each recommendation of the report (s.55(5B)).
--
-- SQLite cannot drop the old UNIQUE (inspection_id) in place: the table is
-- rebuilt with its rows and ids (each response's body is its inspection's,
-- as it was), then takes the old name back. Nothing refers to it yet.
CREATE TABLE pcc_responses_new (
  id INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL REFERENCES inspections(id),
  body_id INTEGER NOT NULL REFERENCES bodies(id),
  published_on TEXT NOT NULL,
  url TEXT,
  summary TEXT,
  chief_officer_comments TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (inspection_id, body_id));
INSERT INTO pcc_responses_new (id, inspection_id, body_id, published_on, url, summary, version)
  SELECT p.id, p.inspection_id, i.body_id, p.published_on, p.url, p.summary, p.version
  FROM pcc_responses p JOIN inspections i ON i.id = p.inspection_id ORDER BY p.id;
DROP TABLE pcc_responses;
ALTER TABLE pcc_responses_new RENAME TO pcc_responses;
-- pg: the id sequence, its trigger and the constraints named as a table made as pcc_responses would have them
DROP TRIGGER pcc_responses_new_assign_id ON pcc_responses;
ALTER SEQUENCE pcc_responses_new_id_seq RENAME TO pcc_responses_id_seq;
CREATE TRIGGER pcc_responses_assign_id BEFORE INSERT ON pcc_responses FOR EACH ROW EXECUTE FUNCTION ov_assign_id('pcc_responses_id_seq');
ALTER TABLE pcc_responses RENAME CONSTRAINT pcc_responses_new_pkey TO pcc_responses_pkey;
ALTER TABLE pcc_responses RENAME CONSTRAINT pcc_responses_new_inspection_id_body_id_key TO pcc_responses_inspection_id_body_id_key;
ALTER TABLE pcc_responses RENAME CONSTRAINT pcc_responses_new_inspection_id_fkey TO pcc_responses_inspection_id_fkey;
ALTER TABLE pcc_responses RENAME CONSTRAINT pcc_responses_new_body_id_fkey TO pcc_responses_body_id_fkey;
-- end
CREATE INDEX pcc_responses_by_body ON pcc_responses(body_id);

-- The response to each recommendation of the report (s.55(5B)): the action
-- taken or proposed. One per recommendation in a response.
CREATE TABLE pcc_recommendation_responses (
  id INTEGER PRIMARY KEY,
  response_id INTEGER NOT NULL REFERENCES pcc_responses(id),
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id),
  action TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (response_id, recommendation_id));
CREATE INDEX pcc_recommendation_responses_by_rec ON pcc_recommendation_responses(recommendation_id);
