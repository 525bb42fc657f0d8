/*
 * entity_defs.c: the monitoring record (sql/002_record.sql) described as
 * data: one entry per table, naming its fields, how a row finds its body,
 * its children, who may write it and which dates must be in order.
 */
#include "store/entity.h"
#include "core/roles.h"
#include <stddef.h>

#define END {NULL, 0, 0, NULL, NULL}
#define BODY {"body", FK_BODY, F_REQUIRED, NULL, NULL}

static const char *const INSPECTION_KINDS[] = {"peel", "thematic", "revisit", "other", NULL};
static const char *const GRADE_SCALES[] = {"peel5", "peel4", NULL};
static const char *const GRADES[] = {"outstanding", "good", "adequate", "requires_improvement", "inadequate", NULL};
static const char *const OPEN_CLOSED[] = {"open", "closed", NULL};
static const char *const ACCEPTANCE[] = {"pending", "accepted", "not_accepted", NULL};
static const char *const REC_STATUS[] = {"open", "in_progress", "implemented", "closed", NULL};
static const char *const OUTCOME[] = {"implemented", "not_implemented", NULL};
static const char *const LIFECYCLE[] = {"superseded", "withdrawn", NULL};
static const char *const REQ_STATUS[] = {"open", "met", "not_met", NULL};
static const char *const ITEM_KINDS[] = {"key_action", "outcome", NULL};
static const char *const RAG[] = {"not_started", "red", "amber", "green", "complete", NULL};
static const char *const MATTER_STATUS[] = {"open", "in_progress", "closed", NULL};
static const char *const PPOG_OUTCOMES[] = {"remain", "recommend_exit", "recommend_entry", "noted", NULL};
static const char *const HMI_GROUP_OUTCOMES[] = {"monitor", "refer_to_ppog", "no_concern", "noted", NULL};
static const char *const POSTS[] = {"chief_officer", "lpb_holder", "lead_hmi", "liaison_lead", NULL};

static const field_def_t INSPECTION[] = {
    BODY,
    {"kind", FK_ENUM, F_REQUIRED, INSPECTION_KINDS, NULL},
    {"title", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"commissioned_by", FK_TEXT, 0, NULL, NULL},
    {"fieldwork_start", FK_DATE, 0, NULL, NULL},
    {"fieldwork_end", FK_DATE, 0, NULL, NULL},
    {"published_on", FK_DATE, 0, NULL, NULL},
    {"grade_scale", FK_ENUM, 0, GRADE_SCALES, NULL},
    {"summary", FK_LONGTEXT, 0, NULL, NULL},
    {"url", FK_URL, 0, NULL, NULL},
    /* how many recommendations the report made (migration 018), of which
     * the record may hold fewer as rows */
    {"recommendations_made", FK_INT, 0, NULL, NULL},
    END,
};
static const child_def_t INSPECTION_CHILDREN[] = {
    {"grades", "inspection_id", "grades"},
    {"causes-of-concern", "inspection_id", "causes_of_concern"},
    {"areas-for-improvement", "inspection_id", "areas_for_improvement"},
    {"pcc-responses", "inspection_id", "pcc_responses"},
    {NULL, NULL, NULL},
};
static const date_order_t INSPECTION_ORDERS[] = {
    {"fieldwork_start", "fieldwork_end"}, {"fieldwork_start", "published_on"}, {NULL, NULL}};

static const field_def_t GRADE[] = {
    {"inspection_id", FK_REF, F_REQUIRED, NULL, "inspections"},
    {"area", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"grade", FK_ENUM, F_REQUIRED, GRADES, NULL},
    END,
};

static const field_def_t REVISIT[] = {
    BODY,
    {"inspection_id", FK_REF, 0, NULL, "inspections"},
    {"title", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"started_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"ended_on", FK_DATE, 0, NULL, NULL},
    {"scope", FK_LONGTEXT, 0, NULL, NULL},
    {"findings", FK_LONGTEXT, 0, NULL, NULL},
    {"published_on", FK_DATE, 0, NULL, NULL},
    END,
};
static const date_order_t REVISIT_ORDERS[] = {{"started_on", "ended_on"}, {NULL, NULL}};

static const field_def_t CAUSE[] = {
    BODY,
    {"inspection_id", FK_REF, 0, NULL, "inspections"},
    {"title", FK_TEXT, 0, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"accelerated", FK_BOOL, 0, NULL, NULL},
    {"added_to_engage", FK_BOOL, 0, NULL, NULL},
    {"issued_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"status", FK_ENUM, F_MANAGED, OPEN_CLOSED, NULL},
    {"closed_on", FK_DATE, F_MANAGED, NULL, NULL},
    {"closed_by", FK_TEXT, F_MANAGED, NULL, NULL},
    {"closing_revisit_id", FK_REF, F_MANAGED, NULL, "revisits"},
    {"closing_decision_id", FK_INT, F_MANAGED, NULL, NULL},
    {"close_override_reason", FK_LONGTEXT, F_MANAGED, NULL, NULL},
    {"outcome", FK_ENUM, F_MANAGED, OUTCOME, NULL},
    {"closing_reason", FK_LONGTEXT, F_MANAGED, NULL, NULL},
    {"closing_progress_update_id", FK_INT, F_MANAGED, NULL, NULL},
    {"closing_evidence_file_id", FK_INT, F_MANAGED, NULL, NULL},
    {"open_at_exit_reason", FK_LONGTEXT, 0, NULL, NULL},
    {"priority", FK_BOOL, 0, NULL, NULL},   /* sql/017 */
    /* sql/024: superseded or withdrawn (store_cause_end) */
    {"lifecycle", FK_ENUM, F_MANAGED, LIFECYCLE, NULL},
    {"superseded_by_id", FK_INT, F_MANAGED, NULL, NULL},
    {"lifecycle_reason", FK_LONGTEXT, F_MANAGED, NULL, NULL},
    END,
};
static const child_def_t CAUSE_CHILDREN[] = {{"recommendations", "cause_id", "recommendations"}, {NULL, NULL, NULL}};
static const date_order_t ISSUED_CLOSED[] = {{"issued_on", "closed_on"}, {NULL, NULL}};

static const field_def_t RECOMMENDATION[] = {
    BODY,
    {"cause_id", FK_REF, 0, NULL, "causes-of-concern"},
    {"inspection_id", FK_REF, 0, NULL, "inspections"},
    {"number", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"addressee", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"issued_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"original_deadline", FK_DATE, F_FIXED, NULL, NULL},
    {"acceptance", FK_ENUM, 0, ACCEPTANCE, NULL},
    {"status", FK_ENUM, F_MANAGED, REC_STATUS, NULL},
    {"implemented_on", FK_DATE, F_MANAGED, NULL, NULL},
    {"closed_on", FK_DATE, F_MANAGED, NULL, NULL},
    {"closed_by", FK_TEXT, F_MANAGED, NULL, NULL},
    {"closing_revisit_id", FK_REF, F_MANAGED, NULL, "revisits"},
    {"outcome", FK_ENUM, F_MANAGED, OUTCOME, NULL},
    {"closing_reason", FK_LONGTEXT, F_MANAGED, NULL, NULL},
    {"closing_progress_update_id", FK_INT, F_MANAGED, NULL, NULL},
    {"closing_evidence_file_id", FK_INT, F_MANAGED, NULL, NULL},
    /* sql/017: superseded or withdrawn (store_rec_end), and the flag */
    {"lifecycle", FK_ENUM, F_MANAGED, LIFECYCLE, NULL},
    {"superseded_by_id", FK_INT, F_MANAGED, NULL, NULL},
    {"lifecycle_reason", FK_LONGTEXT, F_MANAGED, NULL, NULL},
    {"priority", FK_BOOL, 0, NULL, NULL},
    END,
};
static const child_def_t RECOMMENDATION_CHILDREN[] = {
    {"requirements", "recommendation_id", "requirements"},
    {"deadline-revisions", "recommendation_id", "deadline_revisions"},
    {"progress-updates", "recommendation_id", "progress_updates"},
    {NULL, NULL, NULL},
};
static const date_order_t RECOMMENDATION_ORDERS[] = {
    {"issued_on", "original_deadline"}, {"issued_on", "implemented_on"}, {"issued_on", "closed_on"}, {NULL, NULL}};

static const field_def_t REQUIREMENT[] = {
    {"recommendation_id", FK_REF, F_REQUIRED, NULL, "recommendations"},
    {"position", FK_INT, F_REQUIRED, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"status", FK_ENUM, 0, REQ_STATUS, NULL},
    END,
};

static const field_def_t DEADLINE_REVISION[] = {
    {"recommendation_id", FK_REF, F_REQUIRED, NULL, "recommendations"},
    {"previous_deadline", FK_DATE, F_MANAGED, NULL, NULL},
    {"new_deadline", FK_DATE, F_REQUIRED, NULL, NULL},
    {"reason", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"agreed_by", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"agreed_on", FK_DATE, F_REQUIRED, NULL, NULL},
    END,
};

static const field_def_t AFI[] = {
    BODY,
    {"inspection_id", FK_REF, 0, NULL, "inspections"},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"issued_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"status", FK_ENUM, 0, OPEN_CLOSED, NULL},
    {"closed_on", FK_DATE, 0, NULL, NULL},
    END,
};

static const field_def_t PLAN[] = {
    BODY,
    {"name", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"linked_plan", FK_TEXT, 0, NULL, NULL},
    {"period_start", FK_DATE, 0, NULL, NULL},
    {"period_end", FK_DATE, 0, NULL, NULL},
    {"agreed_on", FK_DATE, 0, NULL, NULL},
    {"reason", FK_LONGTEXT, 0, NULL, NULL},        /* sql/009 */
    {"description", FK_LONGTEXT, 0, NULL, NULL},   /* sql/009 */
    END,
};
static const child_def_t PLAN_CHILDREN[] = {
    {"plan-pillars", "plan_id", "pillars"}, {"plan-items", "plan_id", "items"}, {NULL, NULL, NULL}};
static const date_order_t PLAN_ORDERS[] = {{"period_start", "period_end"}, {NULL, NULL}};

static const field_def_t PILLAR[] = {
    {"plan_id", FK_REF, F_REQUIRED, NULL, "plans"},
    {"position", FK_INT, F_REQUIRED, NULL, NULL},
    {"title", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"description", FK_LONGTEXT, 0, NULL, NULL},
    END,
};

static const field_def_t PLAN_ITEM[] = {
    {"plan_id", FK_REF, F_REQUIRED, NULL, "plans"},
    {"pillar_id", FK_REF, 0, NULL, "plan-pillars"},
    {"kind", FK_ENUM, F_REQUIRED, ITEM_KINDS, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"target_date", FK_DATE, 0, NULL, NULL},
    {"rag", FK_ENUM, 0, RAG, NULL},
    {"completed_on", FK_DATE, 0, NULL, NULL},
    {"evidence", FK_LONGTEXT, 0, NULL, NULL},
    END,
};

static const field_def_t EXTERNAL_REPORT[] = {
    {"title", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"author", FK_TEXT, 0, NULL, NULL},
    {"commissioned_by", FK_TEXT, 0, NULL, NULL},
    {"published_on", FK_DATE, 0, NULL, NULL},
    {"url", FK_URL, 0, NULL, NULL},
    END,
};
static const child_def_t EXTERNAL_REPORT_CHILDREN[] = {{"external-matters", "report_id", "matters"}, {NULL, NULL, NULL}};

static const field_def_t EXTERNAL_MATTER[] = {
    {"report_id", FK_REF, F_REQUIRED, NULL, "external-reports"},
    BODY,
    {"reference", FK_TEXT, 0, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"status", FK_ENUM, 0, MATTER_STATUS, NULL},
    {"closed_on", FK_DATE, 0, NULL, NULL},
    END,
};

static const field_def_t PPOG_MEETING[] = {
    {"held_on", FK_DAY, F_REQUIRED, NULL, NULL},
    {"notes", FK_LONGTEXT, 0, NULL, NULL},
    END,
};
static const child_def_t PPOG_MEETING_CHILDREN[] = {{"ppog-items", "meeting_id", "items"}, {NULL, NULL, NULL}};

static const field_def_t PPOG_ITEM[] = {
    {"meeting_id", FK_REF, F_REQUIRED, NULL, "ppog-meetings"},
    BODY,
    {"outcome", FK_ENUM, F_REQUIRED, PPOG_OUTCOMES, NULL},
    {"notes", FK_LONGTEXT, 0, NULL, NULL},
    END,
};

/* HMI monitoring group meetings (sql/015): they precede the PPOG and are
 * recorded the same way, so a candidate's discussion is on record. */
static const field_def_t HMI_GROUP_MEETING[] = {
    {"held_on", FK_DAY, F_REQUIRED, NULL, NULL},
    {"notes", FK_LONGTEXT, 0, NULL, NULL},
    END,
};
static const child_def_t HMI_GROUP_MEETING_CHILDREN[] = {{"hmi-group-items", "meeting_id", "items"},
                                                         {NULL, NULL, NULL}};

static const field_def_t HMI_GROUP_ITEM[] = {
    {"meeting_id", FK_REF, F_REQUIRED, NULL, "hmi-group-meetings"},
    BODY,
    {"outcome", FK_ENUM, F_REQUIRED, HMI_GROUP_OUTCOMES, NULL},
    {"notes", FK_LONGTEXT, 0, NULL, NULL},
    END,
};

/* Who held a post at a body, from when to when (sql/015): letters name the
 * holder on their date. */
static const field_def_t BODY_PERSON[] = {
    BODY,
    {"post", FK_ENUM, F_REQUIRED, POSTS, NULL},
    {"name", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"title", FK_TEXT, 0, NULL, NULL},
    {"from_on", FK_DAY, 0, NULL, NULL},
    {"to_on", FK_DAY, 0, NULL, NULL},
    {"acting", FK_BOOL, 0, NULL, NULL},
    {"source_url", FK_URL, 0, NULL, NULL},
    END,
};

static const date_order_t PERSON_ORDERS[] = {{"from_on", "to_on"}, {NULL, NULL}};

static const field_def_t INDICATOR[] = {
    BODY,
    {"measure", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"period", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"value", FK_REAL, F_REQUIRED, NULL, NULL},
    {"target", FK_REAL, 0, NULL, NULL},
    {"higher_is_better", FK_BOOL, 0, NULL, NULL},
    {"unit", FK_TEXT, 0, NULL, NULL},
    {"source", FK_TEXT, 0, NULL, NULL},
    END,
};

static const field_def_t PROGRESS[] = {
    BODY,
    {"recommendation_id", FK_REF, 0, NULL, "recommendations"},
    {"cause_id", FK_REF, 0, NULL, "causes-of-concern"},
    {"plan_item_id", FK_REF, 0, NULL, "plan-items"},
    {"submitted_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"author", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"evidence", FK_LONGTEXT, 0, NULL, NULL},
    END,
};

/* key "evidence_files": "evidence" is the update's own text field, which an
 * embedded list under the same key hid from every read */
static const child_def_t PROGRESS_CHILDREN[] = {{"evidence-files", "progress_update_id", "evidence_files"},
                                                {NULL, NULL, NULL}};

/* Uploaded through POST /api/v1/progress-updates/{id}/evidence only. */
static const field_def_t EVIDENCE_FILE[] = {
    {"progress_update_id", FK_REF, F_MANAGED, NULL, "progress-updates"},
    {"filename", FK_TEXT, F_MANAGED, NULL, NULL},
    {"content_type", FK_TEXT, F_MANAGED, NULL, NULL},
    {"size", FK_INT, F_MANAGED, NULL, NULL},
    {"sha256", FK_TEXT, F_MANAGED, NULL, NULL},
    {"uploaded_by", FK_TEXT, F_MANAGED, NULL, NULL},
    END,
};

/* A local policing body's response to a report (Police Act 1996 s.55,
 * migration 020): one per (report, body). The body (whose local policing
 * body responds) is, when not given, the report's (FK_BODY with ref: the
 * reference it defaults from); a police force's only (store/pcc.h). */
static const field_def_t PCC_RESPONSE[] = {
    {"inspection_id", FK_REF, F_REQUIRED, NULL, "inspections"},
    {"body", FK_BODY, 0, NULL, "inspection_id"},
    {"published_on", FK_DATE, F_REQUIRED, NULL, NULL},
    {"url", FK_URL, 0, NULL, NULL},
    {"summary", FK_LONGTEXT, 0, NULL, NULL},
    {"chief_officer_comments", FK_LONGTEXT, 0, NULL, NULL},
    END,
};
static const child_def_t PCC_RESPONSE_CHILDREN[] = {
    {"pcc-recommendation-responses", "response_id", "recommendations"}, {NULL, NULL, NULL}};

/* The action taken or proposed for one recommendation of the report
 * (s.55(5B)); the recommendation must be one the report made. */
static const field_def_t PCC_REC_RESPONSE[] = {
    {"response_id", FK_REF, F_REQUIRED, NULL, "pcc-responses"},
    {"recommendation_id", FK_REF, F_REQUIRED, NULL, "recommendations"},
    {"action", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    END,
};

/* Letters (sql/004_letters.sql): created and changed through /api/v1/letters
 * (src/api/letters.c), which checks the draft -> approved -> published
 * workflow; the descriptor validates their fields and lets `oversight load`
 * add drafts. */
static const char *const LETTER_KINDS[] = {"move_to_engage", "return_to_scan", "revisit", NULL};
static const char *const LETTER_STATUS[] = {"draft", "approved", "published", NULL};
static const field_def_t LETTER[] = {
    BODY,
    {"kind", FK_ENUM, F_REQUIRED | F_FIXED, LETTER_KINDS, NULL},
    {"title", FK_TEXT, 0, NULL, NULL},
    {"status", FK_ENUM, F_MANAGED, LETTER_STATUS, NULL},
    {"from_name", FK_TEXT, 0, NULL, NULL},
    {"from_titles", FK_LONGTEXT, 0, NULL, NULL},
    {"to_name", FK_TEXT, 0, NULL, NULL},
    {"to_org", FK_TEXT, 0, NULL, NULL},
    {"cc_name", FK_TEXT, 0, NULL, NULL},
    {"cc_role", FK_TEXT, 0, NULL, NULL},
    {"sent_on", FK_DAY, 0, NULL, NULL},
    {"published_on", FK_DAY, 0, NULL, NULL},
    {"ppog_meeting_id", FK_REF, 0, NULL, "ppog-meetings"},
    {"decision_id", FK_INT, 0, NULL, NULL},
    {"conclusion", FK_LONGTEXT, 0, NULL, NULL},
    /* who drafted it: set by POST /api/v1/letters in the audited insert */
    {"created_by", FK_TEXT, F_MANAGED, NULL, NULL},
    END,
};

/* News releases (sql/019_releases.sql): written through /api/v1/releases
 * and the release pages (src/api/releases.c, src/web/page_releases.c),
 * which check the draft -> approved -> published workflow; the
 * descriptors validate their fields and let `oversight load` add drafts,
 * their block edits and their quotes (the demo's release). */
static const char *const RELEASE_BLOCKS[] = {"headline", "summary", "process", "decision", "improvements", "progress",
                                             NULL};
static const field_def_t RELEASE[] = {
    BODY,
    {"letter_id", FK_REF, 0, NULL, "letters"},
    {"decision_id", FK_INT, 0, NULL, NULL},
    {"status", FK_ENUM, F_MANAGED, LETTER_STATUS, NULL},
    {"published_on", FK_DAY, 0, NULL, NULL},
    {"created_by", FK_TEXT, F_MANAGED, NULL, NULL},
    END,
};
static const field_def_t RELEASE_EDIT[] = {
    {"release_id", FK_REF, F_REQUIRED | F_FIXED, NULL, "releases"},
    {"block", FK_ENUM, F_REQUIRED | F_FIXED, RELEASE_BLOCKS, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"reason", FK_TEXT, 0, NULL, NULL},
    {"edited_by", FK_TEXT, F_MANAGED, NULL, NULL},
    END,
};
/* Edits of a draft letter's blocks (sql/023_letter_edits.sql): made through
 * POST /api/v1/letters/{id}/blocks and the letter's page
 * (src/app/letters.c checks the letter is a draft); block is the block's
 * position in the drafted letter. */
static const field_def_t LETTER_EDIT[] = {
    {"letter_id", FK_REF, F_REQUIRED | F_FIXED, NULL, "letters"},
    {"block", FK_INT, F_REQUIRED | F_FIXED, NULL, NULL},
    {"old_text", FK_LONGTEXT, 0, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"reason", FK_TEXT, 0, NULL, NULL},
    {"edited_by", FK_TEXT, F_MANAGED, NULL, NULL},
    END,
};
static const field_def_t RELEASE_QUOTE[] = {
    {"release_id", FK_REF, F_REQUIRED | F_FIXED, NULL, "releases"},
    {"position", FK_INT, 0, NULL, NULL},
    {"speaker", FK_TEXT, F_REQUIRED, NULL, NULL},
    {"speaker_title", FK_TEXT, 0, NULL, NULL},
    {"text", FK_LONGTEXT, F_REQUIRED, NULL, NULL},
    {"source", FK_TEXT, 0, NULL, NULL},
    END,
};

#define VIA(table, col) "(SELECT body_id FROM " table " WHERE id = t." col ")"

const entity_def_t store_entities[] = {
    {"inspections", "inspections", "inspection", INSPECTION, "t.body_id", INSPECTION_CHILDREN,
     "t.published_on DESC, t.id", NULL, PERM_RECORD, 0, INSPECTION_ORDERS},
    {"grades", "grades", "grade", GRADE, VIA("inspections", "inspection_id"), NULL, "t.id", NULL, PERM_RECORD, 0,
     NULL},
    {"revisits", "revisits", "revisit", REVISIT, "t.body_id", NULL, "t.started_on, t.id", NULL, PERM_RECORD, 0,
     REVISIT_ORDERS},
    {"causes-of-concern", "causes_of_concern", "cause of concern", CAUSE, "t.body_id", CAUSE_CHILDREN,
     "t.issued_on, t.id", NULL, PERM_RECORD, E_HISTORY, ISSUED_CLOSED},
    {"recommendations", "recommendations", "recommendation", RECOMMENDATION, "t.body_id", RECOMMENDATION_CHILDREN,
     "t.issued_on, t.id",
     "COALESCE((SELECT r.new_deadline FROM deadline_revisions r WHERE r.recommendation_id = t.id"
     " ORDER BY r.id DESC LIMIT 1), t.original_deadline) AS deadline",
     PERM_RECORD, E_HISTORY, RECOMMENDATION_ORDERS},
    {"requirements", "requirements", "requirement", REQUIREMENT, VIA("recommendations", "recommendation_id"), NULL,
     "t.recommendation_id, t.position, t.id", NULL, PERM_RECORD, 0, NULL},
    {"deadline-revisions", "deadline_revisions", "deadline revision", DEADLINE_REVISION,
     VIA("recommendations", "recommendation_id"), NULL, "t.id", NULL, PERM_RECORD, E_APPEND_ONLY, NULL},
    {"areas-for-improvement", "areas_for_improvement", "area for improvement", AFI, "t.body_id", NULL,
     "t.issued_on, t.id", NULL, PERM_RECORD, 0, ISSUED_CLOSED},
    {"plans", "plans", "plan", PLAN, "t.body_id", PLAN_CHILDREN, "t.id", NULL, PERM_RECORD, 0, PLAN_ORDERS},
    {"plan-pillars", "plan_pillars", "plan pillar", PILLAR, VIA("plans", "plan_id"), NULL, "t.plan_id, t.position",
     NULL, PERM_RECORD, 0, NULL},
    {"plan-items", "plan_items", "plan item", PLAN_ITEM, VIA("plans", "plan_id"), NULL, "t.plan_id, t.id", NULL,
     PERM_RECORD, 0, NULL},
    {"external-reports", "external_reports", "external report", EXTERNAL_REPORT, NULL, EXTERNAL_REPORT_CHILDREN,
     "t.id", NULL, PERM_RECORD, 0, NULL},
    {"external-matters", "external_matters", "external report matter", EXTERNAL_MATTER, "t.body_id", NULL,
     "t.report_id, t.id", NULL, PERM_RECORD, 0, NULL},
    {"ppog-meetings", "ppog_meetings", "PPOG meeting", PPOG_MEETING, NULL, PPOG_MEETING_CHILDREN, "t.held_on, t.id",
     NULL, PERM_RECORD, 0, NULL},
    {"ppog-items", "ppog_items", "PPOG item", PPOG_ITEM, "t.body_id", NULL, "t.meeting_id, t.id", NULL, PERM_RECORD,
     0, NULL},
    {"hmi-group-meetings", "hmi_group_meetings", "HMI monitoring group meeting", HMI_GROUP_MEETING, NULL,
     HMI_GROUP_MEETING_CHILDREN, "t.held_on, t.id", NULL, PERM_RECORD, 0, NULL},
    {"hmi-group-items", "hmi_group_items", "HMI monitoring group item", HMI_GROUP_ITEM, "t.body_id", NULL,
     "t.meeting_id, t.id", NULL, PERM_RECORD, 0, NULL},
    {"body-people", "body_people", "post holder", BODY_PERSON, "t.body_id", NULL, "t.post, t.from_on, t.id", NULL,
     PERM_RECORD, 0, PERSON_ORDERS},
    {"indicators", "indicators", "indicator value", INDICATOR, "t.body_id", NULL, "t.measure, t.period", NULL,
     PERM_RECORD, 0, NULL},
    {"progress-updates", "progress_updates", "progress update", PROGRESS, "t.body_id", PROGRESS_CHILDREN,
     "t.submitted_on, t.id", NULL, PERM_PROGRESS, 0, NULL},
    {"evidence-files", "evidence_files", "evidence file", EVIDENCE_FILE, VIA("progress_updates", "progress_update_id"),
     NULL, "t.id", NULL, PERM_PROGRESS, E_APPEND_ONLY, NULL},
    {"pcc-responses", "pcc_responses", "PCC response", PCC_RESPONSE, "t.body_id", PCC_RESPONSE_CHILDREN,
     "t.id", NULL, PERM_PCC_RESPONSE, 0, NULL},
    {"pcc-recommendation-responses", "pcc_recommendation_responses", "response to a recommendation",
     PCC_REC_RESPONSE, VIA("pcc_responses", "response_id"), NULL, "t.response_id, t.id", NULL, PERM_PCC_RESPONSE, 0,
     NULL},
    {"letters", "letters", "letter", LETTER, "t.body_id", NULL, "t.id", NULL, PERM_RECORD, 0, NULL},
    {"letter-edits", "letter_edits", "letter edit", LETTER_EDIT, VIA("letters", "letter_id"), NULL,
     "t.letter_id, t.id", NULL, PERM_RECORD, E_APPEND_ONLY | E_OWN_FORMS, NULL},
    {"releases", "releases", "news release", RELEASE, "t.body_id", NULL, "t.id", NULL, PERM_RECORD, E_OWN_FORMS, NULL},
    {"release-edits", "release_edits", "news release edit", RELEASE_EDIT, VIA("releases", "release_id"), NULL,
     "t.release_id, t.id", NULL, PERM_RECORD, E_APPEND_ONLY | E_OWN_FORMS, NULL},
    {"release-quotes", "release_quotes", "news release quote", RELEASE_QUOTE, VIA("releases", "release_id"), NULL,
     "t.release_id, t.position, t.id", NULL, PERM_RECORD, E_OWN_FORMS, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
