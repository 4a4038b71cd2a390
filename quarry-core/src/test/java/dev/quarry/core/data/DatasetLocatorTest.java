/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir Path temp;

  @Test
  void findsAFolderAndNamesItsSplits() throws IOException {
    Path dir = temp.resolve("tiny");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\":\"d\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\":\"q\",\"text\":\"t\"}\n");
    Files.writeString(dir.resolve("qrels/test.tsv"), "q\td\t1\n");
    BeirDataset dataset = DatasetLocator.locate(dir.toString());
    assertEquals("tiny", dataset.name());
    assertEquals(List.of("test"), dataset.splits());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dataset.qrels("dev"));
    assertTrue(e.getMessage().contains("no split 'dev'") && e.getMessage().contains("its splits: test"),
        e.getMessage());
  }

  @Test
  void aMissingDatasetSaysWhereItLookedAndHowToGetIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetLocator.locate("no-such-dataset-anywhere"));
    assertTrue(e.getMessage().contains("looked in"), e.getMessage());
    assertTrue(e.getMessage().contains("QUARRY_DATA"), e.getMessage());
    assertTrue(e.getMessage().contains("beir"), e.getMessage());
  }

  @Test
  void aMisspeltNameGetsASuggestionAndACorpusMayBeNamedToo() throws IOException {
    Path data = temp.resolve("data");
    Files.createDirectories(data.resolve("tinyset"));
    Files.writeString(data.resolve("tinyset/corpus.jsonl"), "");
    Files.writeString(data.resolve("tinyset/queries.jsonl"), "");
    String saved = System.getProperty("quarry.data");
    System.setProperty("quarry.data", data.toString());
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLocator.locate("tinyst"));
      assertTrue(e.getMessage().contains("Did you mean 'tinyset'?"), e.getMessage());
      assertEquals(data.resolve("tinyset/corpus.jsonl"), DatasetLocator.corpus("tinyset"));
    } finally {
      if (saved == null) {
        System.clearProperty("quarry.data");
      } else {
        System.setProperty("quarry.data", saved);
      }
    }
  }

  @Test
  void aFolderWithoutQueriesIsRefused() throws IOException {
    Path dir = temp.resolve("partial");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("corpus.jsonl"), "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BeirDataset(dir));
    assertTrue(e.getMessage().contains("no queries.jsonl"), e.getMessage());
  }

  @Test
  void namesAreSimilarWithinTwoEditsOrWhenOneHoldsTheOther() {
    assertTrue(DatasetLocator.similar("scifact", "SciFact"), "case is ignored");
    assertTrue(DatasetLocator.similar("scifact", "scifac"), "one holds the other");
    assertTrue(DatasetLocator.similar("nfcorpus_preproc", "nfcorpus"), "one holds the other");
    assertTrue(DatasetLocator.similar("fiqa", "fiqb"), "one substitution");
    assertTrue(DatasetLocator.similar("nfcorpus", "nfcorpsu"), "a swap is two edits");
    assertTrue(DatasetLocator.similar("trec-covid", "trec-cvid"), "one deletion");
    assertTrue(DatasetLocator.similar("quora", "qxorax"), "two insertions");
    assertFalse(DatasetLocator.similar("scifact", "scidocs"), "three substitutions");
    assertFalse(DatasetLocator.similar("quora", "qxoxrax"), "three insertions");
    assertFalse(DatasetLocator.similar("arguana", "fever"), "unrelated");
  }
}
