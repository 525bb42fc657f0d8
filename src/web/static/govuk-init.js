/*
 * govuk-init.js: starts the components of GOV.UK Frontend (its module is
 * vendored in static/vendor/govuk-frontend). The server puts the module's
 * versioned address in the import below (web/page.c). Every page works
 * without this script; the classes tell the stylesheet that it runs.
 */
import { initAll } from 'GOVUK_FRONTEND_JS'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
