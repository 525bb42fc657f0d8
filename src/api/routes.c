/*
 * routes.c: the one route table (API and pages). Also the source of
 * `oversight help api` and GET /api/v1.
 */
#include "api/api.h"

const http_route_t api_routes[] = {
    {"GET", "/healthz", api_health, "Liveness and database check"},
    {"GET", "/api/v1", api_index, "This list of routes"},
    {"GET", "/api/v1/phases", api_phases, "Monitoring phases and who may decide each transition"},
    {"GET", "/api/v1/bodies", api_bodies_list, "Every body with its current phase and since when"},
    {"GET", "/api/v1/bodies/{code}", api_body_get, "One body with its decisions and phase history (ETag)"},
    {"POST", "/api/v1/bodies/{code}/decisions", api_decision_create, "Record a phase change (If-Match optional)"},
    {NULL, NULL, NULL, NULL},
};
