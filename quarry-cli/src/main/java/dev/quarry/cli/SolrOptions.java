/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.solr.SolrCloudAddress;
import dev.quarry.solr.SolrRetriever;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --retriever solr}: a collection {@code quarry publish} made in a SolrCloud, and how to query it. */
final class SolrOptions {
  enum QueryMode { bm25, knn, hybrid }

  @Option(names = "--solr", paramLabel = "ZKHOST|URL",
      description = "--retriever solr: the SolrCloud, as ZooKeeper's host:port[/chroot] or a node's URL "
          + "(http://host:8983/solr).")
  String solr;

  @Option(names = "--collection", paramLabel = "NAME",
      description = "--retriever solr: the collection 'quarry publish' made.")
  String collection;

  @Option(names = "--solr-query", paramLabel = "MODE",
      description = "--retriever solr: bm25, knn ({!knn} over the published vectors) or hybrid (both, fused by "
          + "reciprocal rank) (default: hybrid for a collection with vectors, else bm25).")
  QueryMode mode;

  /** Whether any option of these was given (an error when the retriever is not solr). */
  boolean given() {
    return solr != null || collection != null || mode != null;
  }

  SolrCloudAddress address() {
    if (solr == null || collection == null) {
      throw new UsageException("--retriever solr needs --solr ZKHOST|URL and --collection NAME");
    }
    return CommandChecks.option("--solr", () -> SolrCloudAddress.parse(solr));
  }

  /** Connects and opens the collection; a collection's vectors are searched with the model it records. */
  SolrRetriever open(EncoderOptions encoders, int efSearch, int rrfK) {
    SolrCloudAddress address = address();
    SolrRetriever.Mode chosen = mode == null ? null : SolrRetriever.Mode.valueOf(mode.name().toUpperCase(Locale.ROOT));
    return SolrRetriever.connect(address, collection, chosen, model -> encoders.open(encoders.source(model)),
        efSearch, rrfK);
  }

  void describe(Map<String, Object> config, SolrRetriever retriever) {
    config.put("retriever", "solr (" + retriever.mode().name().toLowerCase(Locale.ROOT) + ", collection " + collection
        + " at " + solr + ", " + retriever.settings().documents() + " documents"
        + (retriever.settings().hasVectors() ? ", vectors of " + retriever.settings().model() : "") + ")");
  }
}
