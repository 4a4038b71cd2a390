/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.lucene.Analyzers;
import dev.quarry.lucene.Bm25Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a published collection holds, recorded in its configset's {@code params.json} (as the parameter set
 * {@code quarry}, read back through Solr's request parameters API) so that a searcher encodes queries with the
 * model the vectors came from and analyses them as the text was analysed: the source index's kind, the model and its
 * dimension (none for a text-only collection), BM25's parameters and analyzer, and the number of documents.
 *
 * <p>The configset is made here, not taken from Solr's defaults: a classic schema of four fields ({@code id}, the
 * title and text in {@code contents} analysed by Lucene's {@code EnglishAnalyzer} as Quarry's BM25 index is, and
 * {@code vector}, a {@code DenseVectorField} scored by maximum inner product, the ranking of Quarry's own flat
 * indexes), BM25 with Quarry's k1 and b, and {@code ExactStatsCache} so that every shard scores with the whole
 * collection's term statistics, as one index does.
 */
public record SolrCollectionSettings(String kind, String model, int dimension, Bm25Settings bm25, String analyzer,
    long documents) {
  /** The parameter set the settings are kept in. */
  public static final String PARAM_SET = "quarry";
  static final String CONTENTS = "contents";
  static final String VECTOR = "vector";
  private static final ObjectMapper JSON = new ObjectMapper();

  public SolrCollectionSettings {
    if (!"bm25".equals(kind) && !"dense".equals(kind)) {
      throw new IllegalArgumentException("kind must be bm25 or dense; got " + kind);
    }
    if ("dense".equals(kind) == (model == null || dimension <= 0)) {
      throw new IllegalArgumentException("a dense collection has a model and a dimension > 0, a bm25 one neither;"
          + " got kind " + kind + ", model " + model + ", dimension " + dimension);
    }
    Analyzers.forName(analyzer);
    if (documents < 0) {
      throw new IllegalArgumentException("documents must be >= 0; got " + documents);
    }
  }

  public boolean hasVectors() {
    return dimension > 0;
  }

  /** The settings as {@code params.json} keeps them. */
  Map<String, String> toParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("kind", kind);
    if (hasVectors()) {
      params.put("model", model);
      params.put("dimension", Integer.toString(dimension));
    }
    params.put("k1", Float.toString(bm25.k1()));
    params.put("b", Float.toString(bm25.b()));
    params.put("analyzer", analyzer);
    params.put("documents", Long.toString(documents));
    return params;
  }

  /** The settings read back from a collection's parameter set. */
  static SolrCollectionSettings fromParams(Map<String, ?> params, String collection) {
    try {
      String kind = text(params, "kind");
      boolean dense = "dense".equals(kind);
      return new SolrCollectionSettings(kind, dense ? text(params, "model") : null,
          dense ? Integer.parseInt(text(params, "dimension")) : 0,
          new Bm25Settings(Float.parseFloat(text(params, "k1")), Float.parseFloat(text(params, "b"))),
          text(params, "analyzer"), Long.parseLong(text(params, "documents")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collection '" + collection + "' was not published by Quarry (its"
          + " parameter set '" + PARAM_SET + "' is missing or broken: " + e.getMessage() + ")", e);
    }
  }

  private static String text(Map<String, ?> params, String key) {
    Object value = params.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no '" + key + "'");
    }
    return value instanceof Iterable<?> list ? list.iterator().next().toString() : value.toString();
  }

  /** The configset as a zip, as Solr's configset API takes it. */
  byte[] configSet() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "solrconfig.xml", SOLRCONFIG);
      entry(zip, "schema.xml", schema());
      entry(zip, "params.json", JSON.writeValueAsString(Map.of("params", Map.of(PARAM_SET, toParams()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private String schema() {
    String vector = !hasVectors() ? "" : String.format(Locale.ROOT, """
          <fieldType name="vector" class="solr.DenseVectorField" vectorDimension="%d"
                     similarityFunction="maximum_inner_product" knnAlgorithm="hnsw"/>
          <field name="vector" type="vector" indexed="true" stored="false"/>
        """, dimension);
    return String.format(Locale.ROOT, """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Quarry (quarry publish): BM25 analysed and scored as Quarry's own BM25 index. -->
        <schema name="quarry" version="1.6">
          <uniqueKey>id</uniqueKey>
          <fieldType name="string" class="solr.StrField" sortMissingLast="true" docValues="true"/>
          <fieldType name="plong" class="solr.LongPointField" docValues="true"/>
          <fieldType name="english" class="solr.TextField">
            <analyzer class="org.apache.lucene.analysis.en.EnglishAnalyzer"/>
          </fieldType>
          <field name="id" type="string" indexed="true" stored="true" required="true"/>
          <field name="_version_" type="plong" indexed="false" stored="false"/>
          <field name="contents" type="english" indexed="true" stored="false"/>
        %s  <similarity class="solr.BM25SimilarityFactory">
            <float name="k1">%s</float>
            <float name="b">%s</float>
          </similarity>
        </schema>
        """, vector, Float.toString(bm25.k1()), Float.toString(bm25.b()));
  }

  private static final String SOLRCONFIG = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- Written by Quarry (quarry publish). -->
      <config>
        <luceneMatchVersion>9.12</luceneMatchVersion>
        <dataDir>${solr.data.dir:}</dataDir>
        <directoryFactory name="DirectoryFactory" class="${solr.directoryFactory:solr.NRTCachingDirectoryFactory}"/>
        <schemaFactory class="ClassicIndexSchemaFactory"/>
        <updateHandler class="solr.DirectUpdateHandler2">
          <updateLog><str name="dir">${solr.ulog.dir:}</str></updateLog>
          <autoCommit><maxTime>${solr.autoCommit.maxTime:15000}</maxTime><openSearcher>false</openSearcher></autoCommit>
        </updateHandler>
        <!-- Every shard scores BM25 with the collection's statistics, as one index would. -->
        <statsCache class="org.apache.solr.search.stats.ExactStatsCache"/>
        <requestHandler name="/select" class="solr.SearchHandler"/>
      </config>
      """;

  private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
