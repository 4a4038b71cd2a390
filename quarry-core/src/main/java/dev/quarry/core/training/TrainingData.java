/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.data.DataFormatException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes training files: JSONL, one query a line (documented in docs/FORMATS.md).
 *
 * <pre>{"query_id": "1", "query": "...",
 *  "positives": [{"id": "d1", "text": "...", "score": 7.1}],
 *  "negatives": [{"id": "d9", "score": 2.3}, ...],
 *  "pairs": [{"i": "d1", "j": "d9", "log_p": -0.094}]}</pre>
 *
 * <p>{@code text} may be left out when a corpus is given to resolve ids; {@code score} (a teacher's) and
 * {@code pairs} are optional; a pair gives the teacher's log-probability that {@code i} is more relevant than
 * {@code j} ({@code log_p}, as PairDistill stores it; {@code p}, the probability itself, is read too). Validation: a line that is not JSON, lacks {@code query_id}, {@code query} or a
 * positive, names an id the corpus lacks, or has a pair probability outside [0, 1] is an error naming the file and
 * line. A negative that is also a positive of its query is dropped and counted in one warning.
 */
public final class TrainingData {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingData() {}

  /**
   * @param corpus document id to text, for passages given by id only (may be empty when every passage has text)
   */
  public static List<TrainingExample> read(Path file, Map<String, String> corpus) {
    List<TrainingExample> examples = new ArrayList<>();
    long droppedNegatives = 0;
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new DataFormatException(file, lineNumber, "malformed JSON: " + e.getOriginalMessage());
        }
        String queryId = text(node, "query_id", file, lineNumber);
        String query = text(node, "query", file, lineNumber);
        List<TrainingExample.Passage> positives = passages(node.get("positives"), corpus, file, lineNumber);
        if (positives.isEmpty()) {
          throw new DataFormatException(file, lineNumber, "query '" + queryId + "' has no positives");
        }
        Set<String> positiveIds = new HashSet<>();
        positives.forEach(p -> positiveIds.add(p.id()));
        List<TrainingExample.Passage> negatives = new ArrayList<>();
        for (TrainingExample.Passage n : passages(node.get("negatives"), corpus, file, lineNumber)) {
          if (positiveIds.contains(n.id())) {
            droppedNegatives++;
          } else {
            negatives.add(n);
          }
        }
        List<TrainingExample.PairPreference> pairs = new ArrayList<>();
        JsonNode pairNodes = node.get("pairs");
        if (pairNodes != null && pairNodes.isArray()) {
          for (JsonNode pair : pairNodes) {
            double p = pair.has("log_p") ? Math.exp(pair.path("log_p").asDouble(Double.NaN))
                : pair.path("p").asDouble(Double.NaN);
            if (!(p >= 0 && p <= 1)) {
              throw new DataFormatException(file, lineNumber, "pair probability must be in [0, 1] (log_p at most 0);"
                  + " got " + (pair.has("log_p") ? "log_p " + pair.path("log_p") : pair.path("p")));
            }
            pairs.add(new TrainingExample.PairPreference(pair.path("i").asText(), pair.path("j").asText(), p));
          }
        }
        examples.add(new TrainingExample(queryId, query, positives, negatives, pairs));
      }
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (droppedNegatives > 0) {
      LOG.warn("{}: dropped {} negatives that are also positives of their query", file, droppedNegatives);
    }
    if (examples.isEmpty()) {
      throw new DataFormatException(file, 0, "no training examples");
    }
    return examples;
  }

  private static String text(JsonNode node, String field, Path file, long line) {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
      throw new DataFormatException(file, line, "missing '" + field + "'");
    }
    return value.asText();
  }

  private static List<TrainingExample.Passage> passages(JsonNode array, Map<String, String> corpus, Path file,
      long line) {
    List<TrainingExample.Passage> out = new ArrayList<>();
    if (array == null || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      throw new DataFormatException(file, line, "positives and negatives must be arrays");
    }
    for (JsonNode p : array) {
      JsonNode idNode = p.isObject() ? p.get("id") : p;
      if (idNode == null || !idNode.isValueNode()) {
        throw new DataFormatException(file, line, "a passage lacks its 'id'");
      }
      String id = idNode.asText();
      String text = p.isObject() && p.hasNonNull("text") ? p.get("text").asText() : corpus.get(id);
      if (text == null) {
        throw new DataFormatException(file, line, "passage '" + id + "' has no text and is not in the corpus");
      }
      Double score = p.isObject() && p.hasNonNull("score") ? p.get("score").asDouble() : null;
      out.add(new TrainingExample.Passage(id, text, score));
    }
    return out;
  }

  /**
   * Writes examples, passages by id only when {@code withText} is false (the reader then needs the corpus).
   * Written beside the target and moved into place when complete.
   */
  public static void write(Path file, List<TrainingExample> examples, boolean withText) {
    Path temp = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      for (TrainingExample e : examples) {
        ObjectNode node = JSON.createObjectNode();
        node.put("query_id", e.queryId());
        node.put("query", e.query());
        node.set("positives", passages(e.positives(), withText));
        node.set("negatives", passages(e.negatives(), withText));
        if (!e.pairs().isEmpty()) {
          ArrayNode pairs = node.putArray("pairs");
          for (TrainingExample.PairPreference p : e.pairs()) {
            pairs.addObject().put("i", p.first()).put("j", p.second())
                .put("log_p", Math.log(Math.max(p.probability(), 1e-12)));
          }
        }
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    try {
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode passages(List<TrainingExample.Passage> passages, boolean withText) {
    ArrayNode array = JSON.createArrayNode();
    for (TrainingExample.Passage p : passages) {
      ObjectNode node = array.addObject().put("id", p.id());
      if (withText) {
        node.put("text", p.text());
      }
      if (p.score() != null) {
        node.put("score", p.score());
      }
    }
    return array;
  }
}
