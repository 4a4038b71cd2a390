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
      try (AtomicDirectory out = AtomicDirectory.create(target, false)) {
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AtomicDirectory.create(target, false));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    try (AtomicDirectory out = AtomicDirectory.create(target, true)) {
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
}
