/**
 * The HTTP API ({@code deepface-cli.jar serve}): Python DeepFace's {@code /verify}, {@code /represent} and
 * {@code /analyze} routes and request keys over one shared engine, on the JDK's HTTP server.
 */
package io.deepface.examples.server;
