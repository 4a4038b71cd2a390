/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import dev.quarry.core.Phase;
import dev.quarry.core.ProgressFactory;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.VectorStore;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25IndexBuilder;
import dev.quarry.lucene.Bm25Settings;
import dev.quarry.lucene.dense.DenseIndex;
import dev.quarry.lucene.dense.DenseIndexBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.ContentStreamBase;

/**
 * Publishes a Quarry index into a SolrCloud collection: the texts of the corpus it was built from (BM25, analysed as
 * Quarry analyses them) and, for a dense index, each document's vector. Nothing half-written is ever searched: the
 * documents go into a new collection ({@code NAME_yyyyMMddHHmmssSSS}, with its own configset), which becomes what
 * the name {@code NAME} means (a Solr alias) only once every document is in it and counted; the collection the alias
 * named before is then deleted. A failed publish deletes what it made and leaves the alias as it was.
 */
public final class SolrPublisher {
  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
      .withZone(ZoneOffset.UTC);

  private final CloudSolrClient client;
  private final int shards;
  private final int replicas;
  private final int batchSize;

  /** What a publish made: the alias, the collection it now names, its settings, and the time it took. */
  public record Published(String alias, String collection, SolrCollectionSettings settings, long nanos) {}

  public SolrPublisher(CloudSolrClient client, int shards, int replicas, int batchSize) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1; got " + shards);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1; got " + replicas);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1; got " + batchSize);
    }
    this.client = client;
    this.shards = shards;
    this.replicas = replicas;
    this.batchSize = batchSize;
  }

  /**
   * @param index a BM25 or dense index built by Quarry
   * @param corpus the corpus the index was built from, or null for the one its manifest names
   */
  public Published publish(String name, Path index, Path corpus, Bm25Settings bm25, ProgressFactory progress) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("collection name '" + name + "' must be letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit");
    }
    IndexManifest manifest = IndexManifest.read(index);
    boolean dense = DenseIndexBuilder.KIND.equals(manifest.kind());
    if (!dense && !Bm25IndexBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(index + " is a '" + manifest.kind() + "' index; publish takes a bm25 or a"
          + " dense index");
    }
    Path texts = corpus != null ? corpus : corpusOf(index, manifest);
    long start = System.nanoTime();
    try {
      Map<String, String> aliases = new CollectionAdminRequest.ListAliases().process(client).getAliases();
      if (CollectionAdminRequest.listCollections(client).contains(name)) {
        throw new IllegalArgumentException("SolrCloud already has a collection named '" + name + "' that quarry"
            + " publish did not make (publish keeps '" + name + "' as an alias of its newest copy): delete it, or"
            + " publish under another name");
      }
      String collection = name + "_" + VERSION.format(Instant.now());
      try (VectorStore vectors = dense ? DenseIndex.vectors(index) : null) {
        SolrCollectionSettings settings = new SolrCollectionSettings(manifest.kind(),
            dense ? manifest.setting("model") : null, dense ? vectors.dimension() : 0, bm25,
            manifest.settings().getOrDefault("analyzer", Analyzers.ENGLISH), manifest.documents());
        create(collection, settings);
        try {
          add(collection, texts, index, dense ? DenseIndex.ids(index) : null, vectors, manifest.documents(), progress);
          CollectionAdminRequest.createAlias(name, collection).process(client);
        } catch (IOException | SolrServerException | RuntimeException e) {
          dropQuietly(collection, e);
          throw e;
        }
        String previous = aliases.get(name);
        if (previous != null) {
          for (String old : previous.split(",")) {
            drop(old);
          }
        }
        return new Published(name, collection, settings, System.nanoTime() - start);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + index + " to SolrCloud: " + e.getMessage(), e);
    } catch (SolrServerException e) {
      throw new IllegalStateException("cannot publish " + index + " to SolrCloud: " + e.getMessage(), e);
    }
  }

  private static Path corpusOf(Path index, IndexManifest manifest) {
    String recorded = manifest.setting("corpus");
    if (recorded == null || recorded.isEmpty() || !Files.exists(Path.of(recorded))) {
      throw new IllegalArgumentException("the corpus of " + index + " (" + (recorded == null || recorded.isEmpty()
          ? "not recorded in its manifest" : recorded + ", which no longer exists")
          + ") is needed for its texts; give it with --corpus");
    }
    return Path.of(recorded);
  }

  private void create(String collection, SolrCollectionSettings settings) throws IOException, SolrServerException {
    new ConfigSetAdminRequest.Upload().setConfigSetName(collection)
        .setUploadStream(new ContentStreamBase.ByteArrayStream(settings.configSet(), collection + ".zip",
            "application/zip"))
        .process(client);
    try {
      CollectionAdminRequest.createCollection(collection, collection, shards, replicas).process(client);
    } catch (IOException | SolrServerException | RuntimeException e) {
      dropQuietly(collection, e);
      throw e;
    }
  }

  /** Adds every document in batches, checks each against the index's rows, commits and counts. */
  private void add(String collection, Path corpus, Path index, String[] ids, VectorStore vectors, long expected,
      ProgressFactory progress) throws IOException, SolrServerException {
    List<SolrInputDocument> batch = new ArrayList<>(batchSize);
    float[] vector = vectors == null ? null : new float[vectors.dimension()];
    int row = 0;
    try (CorpusReader reader = CorpusReader.open(corpus);
        ProgressFactory.Tracker tracker = progress.start(Phase.PUBLISHING, expected)) {
      for (Document d : reader) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField("id", d.id());
        doc.addField(SolrCollectionSettings.CONTENTS, d.contents());
        if (vectors != null) {
          if (row >= ids.length || !ids[row].equals(d.id())) {
            throw new IllegalArgumentException(corpus + " is not the corpus of " + index + ": document " + (row + 1)
                + " is '" + d.id() + "', the index's row " + (row + 1) + " is "
                + (row < ids.length ? "'" + ids[row] + "'" : "past its end"));
          }
          vectors.readFloats(row, vector);
          List<Float> values = new ArrayList<>(vector.length);
          for (float x : vector) {
            values.add(x);
          }
          doc.addField(SolrCollectionSettings.VECTOR, values);
        }
        row++;
        batch.add(doc);
        if (batch.size() == batchSize) {
          client.add(collection, batch);
          tracker.advance(batch.size());
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        client.add(collection, batch);
        tracker.advance(batch.size());
      }
    }
    client.commit(collection);
    long found = SolrRetriever.count(client, collection);
    if (found != expected || row != expected) {
      throw new IllegalStateException("published " + row + " documents of " + corpus + " and SolrCloud counts "
          + found + ", but " + index + " holds " + expected + "; nothing was published");
    }
  }

  private void drop(String collection) throws IOException, SolrServerException {
    CollectionAdminRequest.deleteCollection(collection).process(client);
    new ConfigSetAdminRequest.Delete().setConfigSetName(collection).process(client);
  }

  private void dropQuietly(String collection, Exception cause) {
    try {
      if (CollectionAdminRequest.listCollections(client).contains(collection)) {
        CollectionAdminRequest.deleteCollection(collection).process(client);
      }
      new ConfigSetAdminRequest.Delete().setConfigSetName(collection).process(client);
    } catch (IOException | SolrServerException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "SolrPublisher[shards=" + shards + ", replicas=" + replicas + ", batchSize=" + batchSize + "]";
  }
}
