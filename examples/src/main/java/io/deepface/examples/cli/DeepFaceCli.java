package io.deepface.examples.cli;

import io.deepface.FaceNotDetectedException;
import io.deepface.SpoofDetectedException;
import io.deepface.adapt.AdapterException;
import io.deepface.calibrate.CalibrationException;
import io.deepface.image.InvalidImageException;
import io.deepface.spi.BackendNotFoundException;
import io.deepface.spi.ComponentNotFoundException;
import io.deepface.stream.VideoException;
import io.deepface.verify.ThresholdNotFoundException;
import io.deepface.verify.ThresholdProfileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar deepface-cli.jar COMMAND ...}: JSON results on stdout, logs on stderr. Exit codes:
 * 0 success; 2 usage error (bad option, unknown model or detector); 3 bad input (unreadable image, no face,
 * a failed pair); 1 anything else (a model that cannot be found, an internal error).
 */
@Command(name = "deepface", mixinStandardHelpOptions = true, versionProvider = DeepFaceCli.Version.class,
    description = "Face detection, verification, search and analysis.",
    subcommands = {VerifyCommand.class, RepresentCommand.class, ExtractFacesCommand.class, AnalyzeCommand.class,
        ServeCommand.class,
        ComponentsCommand.class, ModelsCommand.class, FindCommand.class, CalibrateCommand.class, MapCommand.class,
        TrainAdapterCommand.class, StreamCommand.class,
        RegisterCommand.class, SearchCommand.class})
public final class DeepFaceCli {
  static final int EXIT_USAGE = 2;
  static final int EXIT_BAD_INPUT = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line (error messages on its err writer, exit codes as documented). */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DeepFaceCli());
    cli.setExitCodeExceptionMapper(DeepFaceCli::exitCode);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("error: " + CliAdvice.inCliTerms(e.getMessage()));
      cmd.getErr().flush();
      return exitCode(e);
    });
    return cli;
  }

  static int exitCode(Throwable e) {
    if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException
        || e instanceof ComponentNotFoundException || e instanceof BackendNotFoundException
        || e instanceof ThresholdNotFoundException || e instanceof ThresholdProfileException) {
      return EXIT_USAGE;
    }
    if (e instanceof InvalidImageException || e instanceof FaceNotDetectedException || e instanceof SpoofDetectedException
        || e instanceof BadInputException || e instanceof CalibrationException || e instanceof AdapterException
        || e instanceof VideoException) {
      return EXIT_BAD_INPUT;
    }
    return 1;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DeepFaceCli.class.getPackage().getImplementationVersion();
      return new String[] {"deepface-java " + (v == null ? "(development build)" : v)};
    }
  }
}
