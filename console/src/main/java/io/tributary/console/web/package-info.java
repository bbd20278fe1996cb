/**
 * The console's pages, rendered on the server (Thymeleaf) with no script: sign-in with an admin key into a session,
 * and the deliveries search. Every page is served with a strict Content-Security-Policy.
 */
package io.tributary.console.web;
