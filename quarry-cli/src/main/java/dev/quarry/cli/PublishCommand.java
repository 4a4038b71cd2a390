/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.io.IndexManifest;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.solr.SolrCloudAddress;
import dev.quarry.solr.SolrPublisher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry publish}: a Quarry index into a SolrCloud collection (docs/SCALE.md). */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Publishes a bm25 or dense index into a SolrCloud collection: the texts of the corpus it was built "
        + "from, analysed and scored by BM25 as Quarry does it, and a dense index's vectors in a DenseVectorField. "
        + "The documents go into a new collection that becomes what --collection names (a Solr alias) only when all "
        + "are in and counted; the copy it named before is then deleted. Search it with --retriever solr.")
final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--solr", required = true, paramLabel = "ZKHOST|URL",
      description = "The SolrCloud: ZooKeeper's host:port[,host:port][/chroot], or a node's URL "
          + "(http://host:8983/solr).")
  String solr;

  @Option(names = "--collection", required = true, paramLabel = "NAME",
      description = "The name searches use (an alias of the newest published copy).")
  String collection;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "A bm25 or dense index built by "
      + "'quarry index'.")
  Path index;

  @Option(names = "--corpus", paramLabel = "FILE|DIR",
      description = "The corpus the index was built from (default: the one its manifest names).")
  Path corpus;

  @Option(names = "--shards", defaultValue = "1", paramLabel = "N",
      description = "Shards of the collection (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
      description = "Replicas of each shard (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--batch-size", defaultValue = "500", paramLabel = "N",
      description = "Documents per update request (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--k1", defaultValue = "0.9", paramLabel = "K1",
      description = "BM25 term-frequency saturation, fixed in the collection's schema (default: ${DEFAULT-VALUE}).")
  float k1;

  @Option(names = "--b", defaultValue = "0.4", paramLabel = "B",
      description = "BM25 length normalisation, fixed in the collection's schema (default: ${DEFAULT-VALUE}).")
  float b;

  @Override
  public Integer call() {
    Console console = new Console(spec.commandLine().getErr());
    CommandChecks.positive("--shards", shards);
    CommandChecks.positive("--replicas", replicas);
    CommandChecks.positive("--batch-size", batchSize);
    Bm25Settings bm25 = CommandChecks.option("--k1/--b", () -> new Bm25Settings(k1, b));
    SolrCloudAddress address = CommandChecks.option("--solr", () -> SolrCloudAddress.parse(solr));
    IndexManifest manifest = CommandChecks.option("--index", () -> IndexManifest.read(index));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("solr", address);
    config.put("collection", collection + " (" + shards + " shard" + (shards == 1 ? "" : "s") + " x " + replicas
        + " replica" + (replicas == 1 ? "" : "s") + ")");
    config.put("index", index.toAbsolutePath().normalize() + " (" + manifest.kind() + ", " + manifest.documents()
        + " documents" + (manifest.setting("model") != null ? ", " + manifest.setting("model") : "") + ")");
    config.put("corpus", corpus != null ? corpus.toAbsolutePath().normalize() : manifest.setting("corpus"));
    config.put("bm25", bm25);
    config.put("batch size", batchSize);
    console.configuration("publish", config);
    try (CloudSolrClient client = address.connect()) {
      SolrPublisher.Published published = new SolrPublisher(client, shards, replicas, batchSize)
          .publish(collection, index, corpus, bm25, ProgressBars.factory(spec.commandLine().getErr()));
      console.throughput("published", published.settings().documents(), "documents", published.nanos());
      console.info("collection " + published.alias() + " is now " + published.collection());
    }
    return 0;
  }
}
