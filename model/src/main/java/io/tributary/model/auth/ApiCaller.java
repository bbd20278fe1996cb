package io.tributary.model.auth;

/**
 * Who calls a Tributary API: an admin (every tenant) or a tenant.
 *
 * @param tenant the caller's tenant, {@code null} for an admin
 * @param admin  whether the key is an admin key
 */
public record ApiCaller(String tenant, boolean admin) {

    public ApiCaller {
        if (admin == (tenant != null)) {
            throw new IllegalArgumentException("a caller is either an admin or bound to a tenant");
        }
    }

    /** Whether the caller may see or act for the given tenant ({@code null}: global). */
    public boolean mayAccess(String otherTenant) {
        return admin || tenant.equals(otherTenant);
    }
}
