package io.deepface.examples.cli;

import io.deepface.DeepFaceException;
import io.deepface.image.InvalidImageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar deepface-cli.jar COMMAND ...}: JSON results on stdout, logs on stderr. Exit codes:
 * 0 success, 2 usage error, 3 bad input (unreadable image, no face...), 1 anything else.
 */
@Command(name = "deepface", mixinStandardHelpOptions = true, versionProvider = DeepFaceCli.Version.class,
    description = "Face detection, verification, search and analysis.",
    subcommands = {ComponentsCommand.class, ModelsCommand.class, FindCommand.class})
public final class DeepFaceCli {
  static final int EXIT_USAGE = 2;
  static final int EXIT_BAD_INPUT = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new DeepFaceCli());
    cli.setExitCodeExceptionMapper(DeepFaceCli::exitCode);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + e.getMessage());
      return exitCode(e);
    });
    return cli.execute(args);
  }

  static int exitCode(Throwable e) {
    if (e instanceof CommandLine.ParameterException) {
      return EXIT_USAGE;
    }
    if (e instanceof InvalidImageException || e instanceof BadInputException) {
      return EXIT_BAD_INPUT;
    }
    return e instanceof DeepFaceException ? EXIT_BAD_INPUT : 1;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DeepFaceCli.class.getPackage().getImplementationVersion();
      return new String[] {"deepface-java " + (v == null ? "(development build)" : v)};
    }
  }
}
