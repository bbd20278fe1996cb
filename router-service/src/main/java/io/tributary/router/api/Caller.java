package io.tributary.router.api;

/**
 * Who is calling the admin API: an admin (sees every tenant) or a tenant.
 *
 * @param tenant the caller's tenant, {@code null} for an admin
 */
record Caller(String tenant, boolean admin) {

    /** Whether the caller may see or change a subscription of this tenant ({@code null}: global). */
    boolean mayAccess(String subscriptionTenant) {
        return admin || (tenant != null && tenant.equals(subscriptionTenant));
    }
}
