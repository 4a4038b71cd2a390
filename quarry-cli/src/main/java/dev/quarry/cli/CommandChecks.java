package dev.quarry.cli;

/** Checks of option values that picocli's types cannot express, with the option's name in the message. */
final class CommandChecks {
  private CommandChecks() {}

  static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be positive; got " + value);
    }
  }
}
