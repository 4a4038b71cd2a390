/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
  @TempDir Path temp;

  @Test
  void anInterruptedBuildLeavesNothingBehind() throws IOException {
    Path target = temp.resolve("index");
    assertThrows(IllegalStateException.class, () -> {
      try (AtomicDirectory out = AtomicDirectory.create(target, false, "marker")) {
        Files.writeString(out.path().resolve("half"), "written");
        throw new IllegalStateException("killed mid-build");
      }
    });
    try (var files = Files.list(temp)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void refusesAnExistingTargetUnlessOverwriting() throws IOException {
    Path target = temp.resolve("index");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old"), "old");
    Files.writeString(target.resolve("marker"), "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AtomicDirectory.create(target, false, "marker"));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    try (AtomicDirectory out = AtomicDirectory.create(target, true, "marker")) {
      Files.writeString(out.path().resolve("new"), "new");
      out.commit();
    }
    assertTrue(Files.exists(target.resolve("new")));
    assertFalse(Files.exists(target.resolve("old")));
    try (var files = Files.list(temp)) {
      assertEquals(List.of(target), files.toList(), "no temporary or old folder is left");
    }
  }

  @Test
  void aFolderWithoutManifestIsNotAnIndex() throws IOException {
    Path half = Files.createDirectories(temp.resolve("half"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexManifest.read(half));
    assertTrue(e.getMessage().contains("not a complete Quarry index"), e.getMessage());
    new IndexManifest("bm25", 3, Map.of("analyzer", "english")).write(half);
    assertEquals(new IndexManifest("bm25", 3, Map.of("analyzer", "english")), IndexManifest.read(half));
  }

  @Test
  void overwritingReplacesOnlyAFolderWithTheMarker() throws IOException {
    Path mine = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep");
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
        () -> AtomicDirectory.create(mine, true, "marker"));
    assertTrue(foreign.getMessage().contains("holds notes.txt and no marker"), foreign.getMessage());
    Path file = Files.writeString(temp.resolve("file"), "keep");
    assertThrows(IllegalArgumentException.class, () -> AtomicDirectory.create(file, true, "marker"));
    assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
    assertEquals("keep", Files.readString(file));
  }

  @Test
  void aPartialLeftByAProcessThatIsGoneIsRemovedByTheNextBuild() throws IOException {
    Path target = temp.resolve("index");
    // pid 1 is alive (init), a huge pid is not; the old naming (no pid) is a leftover too
    Path alive = Files.createDirectories(temp.resolve(".index.partial-1-abc"));
    Path dead = Files.createDirectories(temp.resolve(".index.partial-4194303999-abc"));
    Files.writeString(dead.resolve("half"), "written");
    Path legacy = Files.createDirectories(temp.resolve(".index.partial-8127341"));
    Path other = Files.createDirectories(temp.resolve(".other.partial-4194303999-abc"));
    try (AtomicDirectory out = AtomicDirectory.create(target, false, "marker")) {
      assertTrue(out.path().getFileName().toString().startsWith(".index.partial-" + ProcessHandle.current().pid()
          + "-"), out.path().toString());
      out.commit();
    }
    assertTrue(Files.exists(alive), "a running process's partial is left alone");
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(legacy));
    assertTrue(Files.exists(other), "another target's partials are not this build's business");
  }
}
