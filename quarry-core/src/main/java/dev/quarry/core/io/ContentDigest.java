/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file's content digest (SHA-256, the first 16 hex digits), the key of every cache whose entries depend on what a
 * file holds: a file edited in place or a copy with the same name keys a new entry, never a stale one. Digests are
 * remembered per process by path, size and modification time, so a file is read once per run. Thread-safe.
 */
public final class ContentDigest {
  private record Stamp(Path path, long size, long modified) {}

  private static final Map<Stamp, String> KNOWN = new ConcurrentHashMap<>();

  private ContentDigest() {}

  public static String of(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      BasicFileAttributes attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
      Stamp stamp = new Stamp(absolute, attributes.size(), attributes.lastModifiedTime().toMillis());
      String known = KNOWN.get(stamp);
      if (known != null) {
        return known;
      }
      String digest = compute(absolute);
      KNOWN.put(stamp, digest);
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** The digest of a string (for settings and texts in cache keys). */
  public static String of(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8);
  }

  private static String compute(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
