/**
 * The command line ({@code deepface-cli.jar}): {@link io.deepface.examples.cli.DeepFaceCli} and one class per
 * subcommand. JSON on stdout, logs and human summaries on stderr; exit codes 0, 1, 2 (usage) and 3 (bad input).
 */
package io.deepface.examples.cli;
