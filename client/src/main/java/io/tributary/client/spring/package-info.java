/**
 * Spring Boot auto-configuration of the client library under {@code tributary.client}: each bean when its settings
 * are present; nothing loads without Spring Boot on the class path.
 */
package io.tributary.client.spring;
