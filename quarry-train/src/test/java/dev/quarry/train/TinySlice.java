package dev.quarry.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small real slice of SciFact in BEIR layout: the first N train queries, their positives and some others. */
final class TinySlice {
  private TinySlice() {}

  static Path write(Path dir, int queries, int extraDocuments) throws IOException {
    BeirDataset scifact = SharedData.require("scifact");
    Qrels train = scifact.qrels("train");
    List<String> kept = new ArrayList<>(train.queryIds()).subList(0, queries);
    Set<String> docs = new HashSet<>();
    kept.forEach(q -> docs.addAll(train.judgments(q).keySet()));
    ObjectMapper json = new ObjectMapper();
    Files.createDirectories(dir.resolve("qrels"));
    StringBuilder corpus = new StringBuilder();
    int extra = 0;
    try (CorpusReader reader = scifact.openCorpus()) {
      for (Document d : reader) {
        if (docs.contains(d.id()) || extra++ < extraDocuments) {
          corpus.append(json.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())))
              .append('\n');
        }
      }
    }
    Files.writeString(dir.resolve("corpus.jsonl"), corpus);
    StringBuilder q = new StringBuilder();
    scifact.queries().asMap().forEach((id, text) -> {
      if (kept.contains(id)) {
        try {
          q.append(json.writeValueAsString(Map.of("_id", id, "text", text))).append('\n');
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    Files.writeString(dir.resolve("queries.jsonl"), q);
    StringBuilder qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
    kept.forEach(id -> train.judgments(id).forEach((d, g) -> qrels.append(id).append('\t').append(d).append('\t')
        .append(g).append('\n')));
    Files.writeString(dir.resolve("qrels/train.tsv"), qrels);
    return dir;
  }
}
