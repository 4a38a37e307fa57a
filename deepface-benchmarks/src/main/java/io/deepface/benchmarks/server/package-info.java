/** Load on the HTTP API ({@code deepface-cli.jar serve}) from a client on the same machine. */
package io.deepface.benchmarks.server;
