/**
 * The tenant portal: a tenant's own webhook endpoints (create, edit, pause, resume, rotate the signing secret, send
 * a test event), its delivery log with search and resend, and its dead letters with redrive, opened with the
 * tenant's API key or with a signed, single-use link that an operator issues ({@code POST /v1/portal-links}).
 * Every query and action is scoped to the session's tenant.
 */
package io.tributary.console.portal;
