/**
 * The console's pages, rendered on the server (Thymeleaf) with one small script of the console's own (local
 * times): sign-in with an admin key into a session, the overview, deliveries and a delivery's page, dead letters and
 * their redrive. Every page is served with a strict Content-Security-Policy.
 */
package io.tributary.console.web;
