/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

/** A server's answer that does not follow the chat-completions protocol: cut short, not JSON, or missing fields. */
public final class MalformedResponseException extends IllegalStateException {
  public MalformedResponseException(String message) {
    super(message);
  }

  public MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
