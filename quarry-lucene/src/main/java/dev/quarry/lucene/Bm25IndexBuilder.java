/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.lucene;

import dev.quarry.core.Progress;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import dev.quarry.core.vector.TokenEncoder;
import dev.quarry.core.vector.TokenVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LateInteractionField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Builds a BM25 index of a corpus on Lucene, as Anserini builds its BEIR "flat" indexes: title and text in one
 * field, analyzed by {@link Analyzers#ENGLISH}. The index is built in a temporary folder and moved into place when
 * complete ({@link AtomicDirectory}).
 *
 * <p>Layout: a Lucene index with, per document, {@value #ID} (indexed as one term, for lookups, and as binary doc
 * values, for fast id retrieval of hits) and {@value #CONTENTS} (analyzed, with frequencies, not stored); plus
 * {@code quarry-index.json} with kind {@value #KIND}. Paired with {@link Bm25Searcher}. Built {@link
 * #withTokenVectors with a ColBERT model}, each document also keeps its token vectors ({@link LateInteraction}), and
 * the manifest names the model ({@value #TOKEN_MODEL}), for {@link Bm25MaxSimSearcher}.
 */
public final class Bm25IndexBuilder {
  public static final String KIND = "bm25";
  public static final String ID = "id";
  public static final String CONTENTS = "contents";
  /** The manifest setting naming the model of the token vectors, if the index keeps them. */
  public static final String TOKEN_MODEL = "token_vector_model";
  /** Documents encoded at once for their token vectors. */
  private static final int TOKEN_BATCH = 32;

  private final String analyzer;
  private final int ramBufferMb;
  private final TokenEncoder tokens;

  public Bm25IndexBuilder() {
    this(Analyzers.ENGLISH, 256);
  }

  public Bm25IndexBuilder(String analyzer, int ramBufferMb) {
    this(analyzer, ramBufferMb, null);
  }

  private Bm25IndexBuilder(String analyzer, int ramBufferMb, TokenEncoder tokens) {
    Analyzers.forName(analyzer); // validates the name
    if (ramBufferMb < 16) {
      throw new IllegalArgumentException("ramBufferMb must be at least 16; got " + ramBufferMb);
    }
    this.analyzer = analyzer;
    this.ramBufferMb = ramBufferMb;
    this.tokens = tokens;
  }

  /** This builder also storing each document's token vectors from {@code encoder} (a ColBERT model's passages). */
  public Bm25IndexBuilder withTokenVectors(TokenEncoder encoder) {
    return new Bm25IndexBuilder(analyzer, ramBufferMb, java.util.Objects.requireNonNull(encoder, "encoder"));
  }

  /**
   * Indexes every document of the corpus into {@code indexDir}.
   *
   * @param overwrite replace an existing index; without it an existing folder is refused
   * @return the manifest written into the index
   */
  public IndexManifest build(Path corpus, Path indexDir, boolean overwrite, Progress progress) {
    try (AtomicDirectory out = AtomicDirectory.create(indexDir, overwrite, IndexManifest.FILE_NAME);
        CorpusReader reader = CorpusReader.open(corpus)) {
      IndexWriterConfig config = new IndexWriterConfig(Analyzers.forName(analyzer))
          .setSimilarity(new BM25Similarity())
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setRAMBufferSizeMB(ramBufferMb);
      long count = 0;
      try (FSDirectory dir = FSDirectory.open(out.path()); IndexWriter writer = new IndexWriter(dir, config)) {
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        StringField id = new StringField(ID, "", Field.Store.NO);
        BinaryDocValuesField idValue = new BinaryDocValuesField(ID, new BytesRef());
        TextField contents = new TextField(CONTENTS, "", Field.Store.NO);
        doc.add(id);
        doc.add(idValue);
        doc.add(contents);
        LateInteractionField vectors = null;
        if (tokens != null) {
          vectors = new LateInteractionField(LateInteraction.FIELD, new float[][] {new float[tokens.dimension()]});
          doc.add(vectors);
        }
        List<Document> batch = new ArrayList<>(TOKEN_BATCH);
        for (Document d : reader) {
          batch.add(d);
          if (batch.size() == (tokens == null ? 1 : TOKEN_BATCH)) {
            count += add(writer, doc, id, idValue, contents, vectors, batch, progress);
          }
        }
        count += add(writer, doc, id, idValue, contents, vectors, batch, progress);
        writer.commit();
      }
      // the writer is closed: its lock file would only say, wrongly, that one is open
      Files.deleteIfExists(out.path().resolve(IndexWriter.WRITE_LOCK_NAME));
      Map<String, String> settings = new java.util.LinkedHashMap<>();
      settings.put("analyzer", analyzer);
      settings.put("corpus", corpus.toAbsolutePath().normalize().toString());
      if (tokens != null) {
        settings.put(TOKEN_MODEL, tokens.modelId());
      }
      IndexManifest manifest = new IndexManifest(KIND, count, settings);
      manifest.write(out.path());
      out.commit();
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build index " + indexDir + ": " + e.getMessage(), e);
    }
  }

  /** Adds a batch of documents (their token vectors encoded in one call) and empties it. */
  private long add(IndexWriter writer, org.apache.lucene.document.Document doc, StringField id,
      BinaryDocValuesField idValue, TextField contents, LateInteractionField vectors, List<Document> batch,
      Progress progress) throws IOException {
    TokenVectors[] encoded = vectors == null || batch.isEmpty() ? null
        : tokens.encodePassages(batch.stream().map(Document::contents).toList());
    for (int i = 0; i < batch.size(); i++) {
      Document d = batch.get(i);
      id.setStringValue(d.id());
      idValue.setBytesValue(new BytesRef(d.id()));
      contents.setStringValue(d.contents());
      if (vectors != null) {
        vectors.setValue(LateInteraction.rows(encoded[i]));
      }
      writer.addDocument(doc);
    }
    progress.advance(batch.size());
    int added = batch.size();
    batch.clear();
    return added;
  }

  @Override
  public String toString() {
    return "Bm25IndexBuilder[analyzer=" + analyzer + ", ramBufferMb=" + ramBufferMb
        + (tokens == null ? "" : ", token vectors of " + tokens.modelId()) + "]";
  }
}
