/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

/**
 * The command line or a configuration is wrong (an option's value, a missing or unknown setting, an output that may
 * not be replaced): nothing was done, and the command exits with 2, as for an unknown option.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }

  UsageException(String message) {
    super(message);
  }
}
