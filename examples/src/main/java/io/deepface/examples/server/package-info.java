/**
 * The HTTP API ({@code deepface-cli.jar serve}): Python DeepFace's {@code /verify}, {@code /represent},
 * {@code /analyze} and {@code /find} routes and request keys over one shared engine, service routes
 * ({@code /health}, {@code /ready}, {@code /components}, {@code /openapi.json}) and a web page, on Javalin (Jetty).
 * {@link io.deepface.examples.server.DeepFaceServer} serves a table of {@link io.deepface.examples.server.Route}s,
 * configured by {@link io.deepface.examples.server.ServerConfig}; handlers read requests through
 * {@link io.deepface.examples.server.ApiRequest} and refuse with {@link io.deepface.examples.server.ApiException}.
 */
package io.deepface.examples.server;
