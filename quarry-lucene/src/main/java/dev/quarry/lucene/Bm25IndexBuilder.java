package dev.quarry.lucene;

import dev.quarry.core.Progress;
import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.Document;
import dev.quarry.core.io.AtomicDirectory;
import dev.quarry.core.io.IndexManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Field;
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
 * {@code quarry-index.json} with kind {@value #KIND}. Paired with {@link Bm25Searcher}.
 */
public final class Bm25IndexBuilder {
  public static final String KIND = "bm25";
  public static final String ID = "id";
  public static final String CONTENTS = "contents";

  private final String analyzer;
  private final int ramBufferMb;

  public Bm25IndexBuilder() {
    this(Analyzers.ENGLISH, 256);
  }

  public Bm25IndexBuilder(String analyzer, int ramBufferMb) {
    Analyzers.forName(analyzer); // validates the name
    if (ramBufferMb < 16) {
      throw new IllegalArgumentException("ramBufferMb must be at least 16; got " + ramBufferMb);
    }
    this.analyzer = analyzer;
    this.ramBufferMb = ramBufferMb;
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
        for (Document d : reader) {
          id.setStringValue(d.id());
          idValue.setBytesValue(new BytesRef(d.id()));
          contents.setStringValue(d.contents());
          writer.addDocument(doc);
          count++;
          progress.advance(1);
        }
        writer.commit();
      }
      // the writer is closed: its lock file would only say, wrongly, that one is open
      Files.deleteIfExists(out.path().resolve(IndexWriter.WRITE_LOCK_NAME));
      IndexManifest manifest = new IndexManifest(KIND, count,
          Map.of("analyzer", analyzer, "corpus", corpus.toAbsolutePath().normalize().toString()));
      manifest.write(out.path());
      out.commit();
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build index " + indexDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Bm25IndexBuilder[analyzer=" + analyzer + ", ramBufferMb=" + ramBufferMb + "]";
  }
}
