package io.deepface.examples.cli;

/** A problem with what the user gave the CLI (a missing file, an unreadable pairs list). Exit code 3. */
final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}
