/*
 * page_reports.h: reports that cover many bodies as pages (page_reports.c):
 * GET /reports[?body=CODE] (published ones; staff also those not yet
 * published) and GET /reports/{id}: what the report asked and of whom,
 * each addressee's part side by side (status, acceptance, deadline,
 * closure), as the publication rule allows (store/reports.h).
 */
#ifndef OV_WEB_PAGE_REPORTS_H
#define OV_WEB_PAGE_REPORTS_H
#include "http/http.h"

http_handler_t web_page_reports, web_page_report;

#endif
