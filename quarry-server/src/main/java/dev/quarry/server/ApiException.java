/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

/**
 * A request the server refuses, with the HTTP status and the parameter at fault; answered as OpenAI's error object
 * ({@code {"error": {"message", "type", "param"}}}), which OpenAI clients read and which names the parameter.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String parameter;

  public ApiException(int status, String parameter, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx; got " + status);
    }
    this.status = status;
    this.parameter = parameter;
  }

  /** A 400 naming {@code parameter}. */
  public static ApiException badRequest(String parameter, String message) {
    return new ApiException(400, parameter, message);
  }

  public int status() {
    return status;
  }

  /** The parameter at fault, or null when it is the request as a whole. */
  public String parameter() {
    return parameter;
  }
}
