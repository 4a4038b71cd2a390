/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.api;

import dev.quarry.core.data.BeirDataset;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Qrels;
import dev.quarry.core.data.Queries;
import java.nio.file.Path;
import java.util.Map;

/**
 * A BEIR dataset: a folder with {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/<split>.tsv}. Reading
 * is lazy: the corpus is streamed by whoever indexes it; queries and judgments are read when asked for.
 *
 * <pre>{@code
 * Dataset scifact = Dataset.open("scifact");          // a folder, or a name in $QUARRY_DATA
 * Queries test = scifact.judgedQueries("test");        // the queries judged in qrels/test.tsv
 * Qrels qrels = scifact.qrels("test");
 * }</pre>
 */
public final class Dataset {
  private final BeirDataset data;

  private Dataset(BeirDataset data) {
    this.data = data;
  }

  /**
   * Opens a dataset by folder, or by name in {@code $QUARRY_DATA} (default {@code ../shared/data}).
   *
   * @param folderOrName a BEIR folder, or the name of one in the data folders
   * @return the dataset
   * @throws IllegalArgumentException naming where it looked when there is no such dataset
   */
  public static Dataset open(String folderOrName) {
    return new Dataset(DatasetLocator.locate(folderOrName));
  }

  /**
   * Opens the BEIR folder given.
   *
   * @param folder a folder with {@code corpus.jsonl}
   * @return the dataset
   * @throws IllegalArgumentException when the folder has no corpus
   */
  public static Dataset open(Path folder) {
    return new Dataset(new BeirDataset(folder));
  }

  /**
   * The folder.
   *
   * @return the dataset's folder
   */
  public Path folder() {
    return data.folder();
  }

  /**
   * The corpus file, what {@link IndexBuilder#build} takes.
   *
   * @return {@code corpus.jsonl} in the folder
   */
  public Path corpus() {
    return data.corpusFile();
  }

  /**
   * Every query of {@code queries.jsonl}.
   *
   * @return the queries by id
   */
  public Queries queries() {
    return data.queries();
  }

  /**
   * The queries that a split judges, the ones an evaluation on that split averages over.
   *
   * @param split the split, such as {@code test}
   * @return the judged queries
   */
  public Queries judgedQueries(String split) {
    Qrels qrels = qrels(split);
    return data.queries().filter(qrels::contains);
  }

  /**
   * The judgments of a split.
   *
   * @param split the split, such as {@code test}
   * @return the judgments of {@code qrels/<split>.tsv}
   * @throws IllegalArgumentException naming the splits there are when there is no such split
   */
  public Qrels qrels(String split) {
    return data.qrels(split);
  }

  /**
   * Every document's title and text joined, by id, as rerankers read them. Holds the whole corpus on the heap.
   *
   * @return document id to text
   */
  public Map<String, String> texts() {
    return data.corpusTexts();
  }

  @Override
  public String toString() {
    return data.toString();
  }
}
