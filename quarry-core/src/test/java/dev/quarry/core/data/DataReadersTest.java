/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear error naming file and line; good input reads back exactly. */
class DataReadersTest {
  @TempDir Path temp;

  private Path file(String name, String content) throws IOException {
    Path p = temp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static List<Document> readAll(Path corpus) {
    List<Document> docs = new ArrayList<>();
    try (CorpusReader reader = CorpusReader.open(corpus)) {
      reader.forEach(docs::add);
    }
    return docs;
  }

  private static void assertError(Runnable action, Path file, long line, String fragment) {
    DataFormatException e = assertThrows(DataFormatException.class, action::run);
    assertEquals(file, e.file());
    assertEquals(line, e.line());
    assertTrue(e.getMessage().startsWith(line > 0 ? file + ":" + line + ": " : file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void readsBeirCorpusWithAndWithoutTitles() throws IOException {
    Path corpus = file("corpus.jsonl", """
        {"_id": "d1", "title": "Title one", "text": "Text one."}

        {"_id": "d2", "text": "No title", "metadata": {"x": 1}}
        {"_id": "d3", "title": null, "text": ""}
        """);
    try (CorpusReader reader = CorpusReader.open(temp)) {
      List<Document> docs = new ArrayList<>();
      reader.forEach(docs::add);
      assertEquals(List.of(new Document("d1", "Title one", "Text one."), new Document("d2", "", "No title"),
          new Document("d3", "", "")), docs);
      assertEquals("Title one Text one.", docs.get(0).contents());
      assertEquals(1, reader.emptyDocuments());
      assertEquals(corpus, reader.file());
    }
  }

  @Test
  void readsTsvCorpusSplittingAtTheFirstTab() throws IOException {
    Path corpus = file("corpus.tsv", "a\tfirst text\nb\tsecond\twith a tab\n");
    assertEquals(List.of(new Document("a", "", "first text"), new Document("b", "", "second\twith a tab")),
        readAll(corpus));
  }

  @Test
  void corpusErrorsNameFileAndLine() throws IOException {
    Path malformed = file("m.jsonl", "{\"_id\": \"1\", \"text\": \"ok\"}\n{\"_id\": \"2\", \"text\": \n");
    assertError(() -> readAll(malformed), malformed, 2, "malformed JSON");
    Path noId = file("n.jsonl", "{\"_id\": \"1\", \"text\": \"ok\"}\n{\"text\": \"x\"}\n");
    assertError(() -> readAll(noId), noId, 2, "missing '_id'");
    Path noText = file("t.jsonl", "{\"_id\": \"1\", \"title\": \"x\"}\n");
    assertError(() -> readAll(noText), noText, 1, "missing 'text'");
    Path duplicate = file("d.jsonl", "{\"_id\": \"1\", \"text\": \"a\"}\n\n{\"_id\": \"1\", \"text\": \"b\"}\n");
    assertError(() -> readAll(duplicate), duplicate, 3, "duplicate document id '1' (first on line 1)");
    Path counted = file("c.jsonl", "{\"_id\": \"1\", \"text\": \"a\"}\n\n  \n{\"_id\": \"2\", \"text\": \"b\"}");
    assertEquals(2, CorpusReader.countDocuments(counted), "blank lines are not documents; a last line without end is");
    Path noTab = file("c.tsv", "a\tok\nbroken line\n");
    assertError(() -> readAll(noTab), noTab, 2, "no tab");
    assertError(() -> readAll(temp.resolve("absent.jsonl")), temp.resolve("absent.jsonl"), 0, "no such file");
  }

  @Test
  void refusesTextThatIsNotUtf8() throws IOException {
    Path latin1 = temp.resolve("latin1.jsonl");
    byte[] good = "{\"_id\": \"1\", \"text\": \"ok\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = "{\"_id\": \"2\", \"text\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(latin1, all);
    assertError(() -> readAll(latin1), latin1, 2, "not valid UTF-8");
  }

  @Test
  void readsQueriesAndRefusesDuplicates() throws IOException {
    Path queries = file("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"what\"}\n{\"_id\": \"q2\", \"text\": \"who\"}\n");
    assertEquals(Map.of("q1", "what", "q2", "who"), Queries.read(queries).asMap());
    assertEquals(List.of("q2"), List.copyOf(Queries.read(queries).filter("q2"::equals).ids()));
    Path tsv = file("topics.tsv", "1\tfirst\n2\tsecond\n1\tagain\n");
    assertError(() -> Queries.read(tsv), tsv, 3, "duplicate query id '1'");
    Path noText = file("q.jsonl", "{\"_id\": \"q1\"}\n");
    assertError(() -> Queries.read(noText), noText, 1, "missing 'text'");
  }

  @Test
  void readsBeirAndTrecQrels() throws IOException {
    Path beir = file("test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\nq2\td1\t2\n");
    Qrels qrels = Qrels.read(beir);
    assertEquals(Set.of("q1", "q2"), qrels.queryIds());
    assertEquals(Map.of("d1", 1, "d2", 0), qrels.judgments("q1"));
    Path trec = file("qrels.txt", "q1 0 d1 1\nq1 0 d2 0\nq2 0 d1 2\n");
    assertEquals(qrels.judgments("q2"), Qrels.read(trec).judgments("q2"));
    assertEquals(3, Qrels.read(trec).judgmentCount());
  }

  @Test
  void qrelsErrorsNameFileAndLine() throws IOException {
    Path columns = file("a.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\n");
    assertError(() -> Qrels.read(columns), columns, 3, "expected 3 columns");
    Path five = file("b.txt", "q1 0 d1 1 extra\n");
    assertError(() -> Qrels.read(five), five, 1, "found 5");
    Path score = file("c.tsv", "q1\td1\tyes\n");
    assertError(() -> Qrels.read(score), score, 1, "relevance 'yes' is not an integer");
    Path twice = file("d.tsv", "q1\td1\t1\nq1\td1\t0\n");
    assertError(() -> Qrels.read(twice), twice, 2, "judged twice");
    Path empty = file("e.tsv", "query-id\tcorpus-id\tscore\n");
    assertError(() -> Qrels.read(empty), empty, 0, "no judgments");
  }

  @Test
  void countsJudgmentsOfUnknownQueriesAndDocuments() throws IOException {
    Qrels qrels = Qrels.read(file("q.tsv", "q1\td1\t1\nq1\tgone\t1\nq9\td1\t1\n"));
    assertEquals(2, qrels.warnUnknown("test", Set.of("q1")::contains, Set.of("d1")::contains));
    assertEquals(0, qrels.warnUnknown("test", q -> true, d -> true));
  }

  @Test
  void runErrorsNameFileAndLine() throws IOException {
    Path columns = file("r1.trec", "q1 Q0 d1 1 2.5 tag\nq1 Q0 d2 2 2.0\n");
    assertError(() -> Run.read(columns), columns, 2, "expected 6 columns");
    Path score = file("r2.trec", "q1 Q0 d1 1 high tag\n");
    assertError(() -> Run.read(score), score, 1, "score 'high' is not a number");
    Path twice = file("r3.trec", "q1 Q0 d1 1 2 tag\nq1 Q0 d1 2 1 tag\n");
    assertError(() -> Run.read(twice), twice, 2, "appears twice");
  }
}
