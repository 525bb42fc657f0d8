/*
 * cached.h: the read routes through the response cache (store/cache.h).
 *
 * Each wrapper serves the bytes its handler produced for the same path,
 * query arguments (the ones the handler reads), viewer class (role and own
 * body; pages: anonymous viewers only) and day, as long as the data
 * generation has not moved; otherwise it runs the handler and keeps a 200.
 * A page's key also holds its whole query as its "Log in" link repeats it.
 * Responses without an ETag of their own get a weak one of the generation
 * and key, and `If-None-Match` with it answers 304 with no body.
 * OVERSIGHT_CACHE=0 turns the cache off.
 */
#ifndef OV_ROUTES_CACHED_H
#define OV_ROUTES_CACHED_H
#include "http/http.h"

http_handler_t routes_cached_bodies_list, routes_cached_body_get, routes_cached_snapshot,
    routes_cached_readiness, routes_cached_candidates, routes_cached_deadlines, routes_cached_page_body,
    routes_cached_public_recommendations, routes_cached_page_recommendations, routes_cached_page_board,
    routes_cached_page_engage, routes_cached_page_timeline, routes_cached_page_frameworks;

#endif
