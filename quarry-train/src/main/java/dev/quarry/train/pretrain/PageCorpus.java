/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import dev.quarry.core.data.CorpusReader;
import dev.quarry.core.data.DatasetLocator;
import dev.quarry.core.data.Document;
import dev.quarry.core.data.WikiPage;
import dev.quarry.core.data.WikiPageReader;
import dev.quarry.core.data.WikiRedirects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text pre-training reads, held in memory as pages: a page collection ({@code wiki_uoi}: pages with a lead
 * section, other sections and hyperlinks, read by {@link WikiPageReader} with its {@link WikiRedirects}), or a BEIR
 * corpus, each document a page of one paragraph with no lead and no links. Each paragraph is cut into sentences once;
 * each page knows the paragraphs of other pages that link to it (its in-links, redirects followed, links from a page
 * to itself left out). Counted, not fatal: pages without a lead section and links to pages outside the collection
 * ("links to nowhere"). Immutable once built.
 */
public final class PageCorpus {
  private static final Logger LOG = LoggerFactory.getLogger(PageCorpus.class);

  /**
   * A paragraph and its sentences.
   *
   * @param sentences [start, end) spans of its sentences in {@code text}
   * @param words each sentence's word count
   */
  public record Paragraph(String text, List<int[]> sentences, int[] words) {
    public String sentence(int i) {
      int[] span = sentences.get(i);
      return text.substring(span[0], span[1]);
    }

    /** The text without sentence {@code i}. */
    public String without(int i) {
      int[] span = sentences.get(i);
      String before = text.substring(0, span[0]).stripTrailing();
      String after = text.substring(span[1]).stripLeading();
      return before.isEmpty() ? after : after.isEmpty() ? before : before + " " + after;
    }
  }

  /** Where a link to a page stands: in paragraph {@code paragraph} of page {@code page} (indexes). */
  public record Anchor(int page, int paragraph) {}

  /**
   * A page: its paragraphs (the lead's first), the in-links.
   *
   * @param leadParagraphs how many of the paragraphs are the lead's
   */
  public record Page(String id, String title, List<Paragraph> paragraphs, int leadParagraphs, List<Anchor> inLinks) {
    public List<Paragraph> lead() {
      return paragraphs.subList(0, leadParagraphs);
    }

    /** A paragraph's text as a passage: the page's title, then the paragraph (as BEIR's corpora give passages). */
    public String passage(String paragraphText) {
      return title.isEmpty() ? paragraphText : paragraphText.isEmpty() ? title : title + " " + paragraphText;
    }
  }

  /** What the corpus has and what was tolerated in it. */
  public record Counts(long pages, long paragraphs, long pagesWithoutLead, long links, long linksToNowhere,
      long pagesWithInLinks) {}

  private final String name;
  private final List<Page> pages;
  private final boolean structured;
  private final Counts counts;

  private PageCorpus(String name, List<Page> pages, boolean structured, Counts counts) {
    this.name = name;
    this.pages = List.copyOf(pages);
    this.structured = structured;
    this.counts = counts;
  }

  /**
   * The corpus a user names: a page collection's folder or pages file, a BEIR folder (only its corpus.jsonl is read)
   * or corpus file, or the name of either in the data folders ({@code wiki_uoi}, {@code scifact}).
   */
  public static PageCorpus open(String corpus) {
    Path given = Path.of(corpus);
    if (Files.isDirectory(given) && WikiPageReader.isCollection(given)) {
      return collection(given);
    }
    if (Files.isRegularFile(given) && given.getFileName().toString().startsWith("pages.jsonl")) {
      return collection(given);
    }
    if (!Files.exists(given)) {
      for (Path folder : DatasetLocator.dataFolders()) {
        Path candidate = folder.resolve(corpus);
        if (WikiPageReader.isCollection(candidate)) {
          return collection(candidate);
        }
      }
    }
    // a corpus is all pre-training reads: a folder with corpus.jsonl needs no queries or qrels
    Path file = Files.isRegularFile(given.resolve("corpus.jsonl")) ? given.resolve("corpus.jsonl")
        : DatasetLocator.corpus(corpus);
    try (CorpusReader reader = CorpusReader.open(file)) {
      return fromDocuments(reader, name(file));
    }
  }

  private static String name(Path path) {
    Path p = path.toAbsolutePath().normalize();
    String file = p.getFileName().toString();
    return file.startsWith("corpus.") || file.startsWith("pages.") ? p.getParent().getFileName().toString() : file;
  }

  private static PageCorpus collection(Path fileOrFolder) {
    Path folder = Files.isDirectory(fileOrFolder) ? fileOrFolder : fileOrFolder.toAbsolutePath().getParent();
    WikiRedirects redirects = WikiRedirects.of(folder);
    List<WikiPage> read = new ArrayList<>();
    try (WikiPageReader reader = WikiPageReader.open(fileOrFolder)) {
      reader.forEach(read::add);
    }
    return fromPages(read, redirects, name(WikiPageReader.pagesFile(fileOrFolder)));
  }

  /** A page collection: leads, sections and links; links resolved through {@code redirects}. */
  public static PageCorpus fromPages(List<WikiPage> read, WikiRedirects redirects, String name) {
    SentenceSplitter splitter = new SentenceSplitter();
    Map<String, Integer> byTitle = new HashMap<>();
    for (int i = 0; i < read.size(); i++) {
      byTitle.put(read.get(i).title(), i);
    }
    List<List<Anchor>> inLinks = new ArrayList<>();
    read.forEach(p -> inLinks.add(new ArrayList<>()));
    long links = 0;
    long nowhere = 0;
    long withoutLead = 0;
    long paragraphCount = 0;
    List<List<Paragraph>> paragraphs = new ArrayList<>();
    List<Integer> leads = new ArrayList<>();
    for (int b = 0; b < read.size(); b++) {
      WikiPage page = read.get(b);
      if (!page.hasLead()) {
        withoutLead++;
      }
      List<WikiPage.Paragraph> all = new ArrayList<>(page.lead());
      all.addAll(page.body());
      List<Paragraph> cut = new ArrayList<>();
      Set<Anchor> seen = new LinkedHashSet<>();
      for (int j = 0; j < all.size(); j++) {
        WikiPage.Paragraph p = all.get(j);
        cut.add(paragraph(splitter, p.text()));
        for (WikiPage.Link link : p.links()) {
          links++;
          Integer a = byTitle.get(redirects.resolve(link.target()));
          if (a == null) {
            nowhere++;
          } else if (a != b && seen.add(new Anchor(a, j))) {
            inLinks.get(a).add(new Anchor(b, j));
          }
        }
      }
      paragraphCount += cut.size();
      paragraphs.add(cut);
      leads.add(page.lead().size());
    }
    List<Page> pages = new ArrayList<>();
    long linked = 0;
    for (int i = 0; i < read.size(); i++) {
      WikiPage page = read.get(i);
      linked += inLinks.get(i).isEmpty() ? 0 : 1;
      pages.add(new Page(page.pageId() >= 0 ? Long.toString(page.pageId()) : page.title(), page.title(),
          paragraphs.get(i), leads.get(i), inLinks.get(i)));
    }
    Counts counts = new Counts(pages.size(), paragraphCount, withoutLead, links, nowhere, linked);
    if (withoutLead > 0 || nowhere > 0) {
      LOG.info("{}: {} of {} pages have no lead section; {} of {} links lead to no page of the collection"
          + " (both counted and left out, not fatal)", name, withoutLead, pages.size(), nowhere, links);
    }
    return new PageCorpus(name, pages, true, counts);
  }

  /** A BEIR corpus: each document a page of one paragraph, its title the page's title; no leads, no links. */
  public static PageCorpus fromDocuments(Iterable<Document> documents, String name) {
    SentenceSplitter splitter = new SentenceSplitter();
    List<Page> pages = new ArrayList<>();
    for (Document d : documents) {
      pages.add(new Page(d.id(), d.title(), List.of(paragraph(splitter, d.text())), 0, List.of()));
    }
    return new PageCorpus(name, pages, false, new Counts(pages.size(), pages.size(), 0, 0, 0, 0));
  }

  private static Paragraph paragraph(SentenceSplitter splitter, String text) {
    List<int[]> spans = splitter.split(text);
    int[] words = new int[spans.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = SentenceSplitter.words(text, spans.get(i)[0], spans.get(i)[1]);
    }
    return new Paragraph(text, spans, words);
  }

  public String name() {
    return name;
  }

  public List<Page> pages() {
    return pages;
  }

  public Page page(int index) {
    return pages.get(index);
  }

  public int size() {
    return pages.size();
  }

  public Counts counts() {
    return counts;
  }

  /** Whether the pages have structure: a lead section and other sections (a page collection, not a BEIR corpus). */
  public boolean hasLeads() {
    return structured && counts.pages() > counts.pagesWithoutLead();
  }

  /** Whether any page is linked from another. */
  public boolean hasLinks() {
    return counts.pagesWithInLinks() > 0;
  }

  /**
   * Refuses tasks this corpus cannot feed, saying why: BFS needs pages with a lead and other sections, WLP links
   * between its pages.
   */
  public void require(TaskMix mix) {
    for (PretrainTask task : mix.tasks()) {
      if (task.needsLinks() && !hasLinks()) {
        throw new IllegalArgumentException("task " + task + " needs hyperlinks between pages, and corpus " + name
            + (structured ? " has no link from one of its pages to another" : " is a BEIR corpus, which has none")
            + "; give a page collection such as wiki_uoi (--corpus)");
      }
      if (task.needsLeads() && !hasLeads()) {
        throw new IllegalArgumentException("task " + task + " needs pages with a lead section and other sections,"
            + " and corpus " + name + (structured ? " has no page with a lead" : " is a BEIR corpus, which has none")
            + "; give a page collection such as wiki_uoi (--corpus)");
      }
    }
  }

  @Override
  public String toString() {
    return name + " (" + counts.pages() + " pages, " + counts.paragraphs() + " paragraphs"
        + (structured ? ", " + counts.pagesWithInLinks() + " with in-links" : "") + ")";
  }
}
