/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quarry.core.data.Document;
import dev.quarry.core.data.WikiPage;
import dev.quarry.core.data.WikiRedirects;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each pair generator on hand-made pages: what it pairs, and what it never pairs. */
class PairSourcesTest {
  private static WikiPage.Paragraph p(String text, String... links) {
    List<WikiPage.Link> l = new ArrayList<>();
    for (String target : links) {
      l.add(new WikiPage.Link(target, 0, 1));
    }
    return new WikiPage.Paragraph(text, l);
  }

  private static WikiPage page(long id, String title, List<WikiPage.Paragraph> lead, List<WikiPage.Paragraph> body) {
    List<WikiPage.Section> sections = new ArrayList<>();
    if (lead != null) {
      sections.add(new WikiPage.Section(null, 1, lead));
    }
    sections.add(new WikiPage.Section("Body", 2, body));
    return new WikiPage(id, title, sections);
  }

  /**
   * Four pages: Alpha (lead of two paragraphs, a body of three), Beta (links to Alpha twice, once through a
   * redirect, and to a page outside the collection), Gamma (no lead section; links to Beta), Delta (nothing links to
   * it; links to itself).
   */
  static PageCorpus corpus() {
    WikiPage alpha = page(1, "Alpha", List.of(
        p("Alpha is the first letter of the Greek alphabet. It has the value one in the Greek numerals."),
        p("Its uppercase form looks like the Latin capital A. Short one.")),
        List.of(p("The letter was derived from the Phoenician letter aleph. Aleph meant ox."),
            p("In physics alpha names the fine structure constant and alpha particles."),
            p("Alpha radiation is stopped by a sheet of paper.")));
    WikiPage beta = page(2, "Beta", List.of(
        p("Beta is the second letter of the Greek alphabet. Beta follows alpha in every list.", "Alpha")),
        List.of(p("Beta blockers are drugs named after the letter beta, not after Alpha.", "A", "Nowhere page"),
            p("Beta testing follows alpha testing in software releases.", "Alpha")));
    WikiPage gamma = page(3, "Gamma", null, List.of(
        p("Gamma rays are very energetic photons emitted by nuclei.", "Beta")));
    WikiPage delta = page(4, "Delta", List.of(p("Delta is a river mouth shaped like the letter delta. It is flat.",
        "Delta")), List.of(p("Deltas form where rivers meet the sea and drop their sediment.")));
    return PageCorpus.fromPages(List.of(alpha, beta, gamma, delta), redirects(), "hand-made");
  }

  private static WikiRedirects redirects() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("redirects", ".tsv");
      java.nio.file.Files.writeString(file, "alias\ttitle\nA\tAlpha\n");
      WikiRedirects r = WikiRedirects.read(file);
      java.nio.file.Files.delete(file);
      return r;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theCorpusCountsPagesWithoutLeadAndLinksToNowhereAndResolvesRedirects() {
    PageCorpus c = corpus();
    assertEquals(4, c.counts().pages());
    assertEquals(1, c.counts().pagesWithoutLead(), "Gamma");
    assertEquals(6, c.counts().links());
    assertEquals(1, c.counts().linksToNowhere(), "Nowhere page");
    // Alpha is linked from Beta's lead paragraph and two body paragraphs (one through the redirect A); Beta from
    // Gamma; Delta's link to itself does not count
    assertEquals(List.of(new PageCorpus.Anchor(1, 0), new PageCorpus.Anchor(1, 1), new PageCorpus.Anchor(1, 2)),
        c.page(0).inLinks());
    assertEquals(List.of(new PageCorpus.Anchor(2, 0)), c.page(1).inLinks());
    assertTrue(c.page(3).inLinks().isEmpty());
    assertEquals(2, c.page(0).leadParagraphs());
    assertEquals(0, c.page(2).leadParagraphs());
    assertEquals(2, c.counts().pagesWithInLinks(), "Alpha and Beta (not Gamma, not Delta) have in-links");
  }

  @Test
  void ictTakesTheSentenceOutOfItsPassageNineTimesInTen() {
    PageCorpus c = corpus();
    IctPairs ict = new IctPairs(4, 0.1);
    assertFalse(ict.accepts(c.page(2)), "Gamma's only paragraph has one sentence");
    assertTrue(ict.accepts(c.page(0)));
    int draws = 4000;
    int kept = 0;
    for (int i = 0; i < draws; i++) {
      Pair pair = ict.pair(c, 0, new Random(i));
      PageCorpus.Paragraph from = c.page(0).paragraphs().get(pair.source().paragraph());
      assertTrue(from.sentences().size() >= 2, "a paragraph of one sentence leaves no context");
      assertTrue(from.text().contains(pair.query()), "the query is a sentence of the paragraph");
      assertTrue(pair.query().split("\\s+").length >= 4, "short sentences are no queries: " + pair.query());
      assertTrue(pair.positive().startsWith("Alpha "), "the passage has the page's title");
      if (pair.positive().contains(pair.query())) {
        kept++;
        assertEquals("Alpha " + from.text(), pair.positive());
      } else {
        String rest = pair.positive().substring("Alpha ".length());
        assertEquals(from.text().replace(pair.query(), "").replaceAll("\\s+", " ").strip(), rest);
      }
    }
    // 10% kept: binomial(4000, 0.1) has a deviation of 19; the seeds are fixed, so this is deterministic
    assertTrue(kept > 320 && kept < 480, "kept " + kept + " of " + draws);
    assertEquals(0, countKept(new IctPairs(4, 0), c), "keep 0 never keeps it");
  }

  private static int countKept(IctPairs ict, PageCorpus c) {
    int kept = 0;
    for (int i = 0; i < 500; i++) {
      Pair pair = ict.pair(c, 0, new Random(i));
      kept += pair.positive().contains(pair.query()) ? 1 : 0;
    }
    return kept;
  }

  @Test
  void bfsPairsALeadSentenceWithAParagraphFromElsewhereInThePageNeverTheLead() {
    PageCorpus c = corpus();
    BfsPairs bfs = new BfsPairs(4);
    assertFalse(bfs.accepts(c.page(2)), "Gamma has no lead");
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Pair pair = bfs.pair(c, 0, new Random(i));
      PageCorpus.Page alpha = c.page(0);
      assertTrue(pair.source().paragraph() >= alpha.leadParagraphs(), "never a lead paragraph");
      assertEquals(0, pair.source().page());
      assertTrue(alpha.lead().stream().anyMatch(p -> p.text().contains(pair.query())), "a lead sentence");
      assertTrue(alpha.lead().stream().noneMatch(p -> pair.positive().contains(p.text())), "never the lead itself");
      assertFalse(pair.positive().contains(pair.query()));
      seen.add(pair.source().paragraph());
    }
    assertEquals(java.util.Set.of(2, 3, 4), seen, "every body paragraph serves");
  }

  @Test
  void wlpsPositiveAlwaysComesFromAPageThatLinksToTheQueryPage() {
    PageCorpus c = corpus();
    WlpPairs wlp = new WlpPairs(4);
    assertFalse(wlp.accepts(c.page(3)), "nothing links to Delta but Delta itself");
    assertFalse(wlp.accepts(c.page(2)), "Gamma has no lead to ask with");
    assertTrue(wlp.accepts(c.page(1)), "Gamma links to Beta");
    WikiRedirects redirects = redirects();
    for (int target : new int[] {0, 1}) {
      String title = c.page(target).title();
      for (int i = 0; i < 500; i++) {
        Pair pair = wlp.pair(c, target, new Random(i));
        assertTrue(c.page(target).lead().stream().anyMatch(p -> p.text().contains(pair.query())));
        int from = pair.source().page();
        assertTrue(from != target, "another page");
        // the positive's paragraph is one of that page's with a link to the query's page
        List<String> linked = corpusLinks(from, pair.source().paragraph()).stream().map(redirects::resolve).toList();
        assertTrue(linked.contains(title), pair + " links to " + linked);
        assertTrue(pair.positive().startsWith(c.page(from).title() + " "));
      }
    }
  }

  /** The link targets of a paragraph of the hand-made pages, as written. */
  private static List<String> corpusLinks(int page, int paragraph) {
    List<List<List<String>>> links = List.of(
        List.of(List.of(), List.of(), List.of(), List.of(), List.of()),
        List.of(List.of("Alpha"), List.of("A", "Nowhere page"), List.of("Alpha")),
        List.of(List.of("Beta")),
        List.of(List.of("Delta"), List.of()));
    return links.get(page).get(paragraph);
  }

  @Test
  void tasksThatNeedStructureRefuseABeirCorpusSayingWhy() {
    PageCorpus beir = PageCorpus.fromDocuments(List.of(new Document("d1", "T", "One sentence here. And another one"
        + " here.")), "scifact");
    beir.require(TaskMix.parse("ict,crop,sgopt,retromae"));
    IllegalArgumentException links = assertThrows(IllegalArgumentException.class,
        () -> beir.require(TaskMix.parse("ict,wlp")));
    assertTrue(links.getMessage().contains("task wlp needs hyperlinks between pages, and corpus scifact is a BEIR"
        + " corpus"), links.getMessage());
    IllegalArgumentException leads = assertThrows(IllegalArgumentException.class,
        () -> beir.require(TaskMix.parse("bfs")));
    assertTrue(leads.getMessage().contains("task bfs needs pages with a lead section"), leads.getMessage());
    PageCorpus unlinked = PageCorpus.fromPages(List.of(page(1, "Solo", List.of(p("Solo is alone here today.")),
        List.of(p("Nothing links here at all.")))), WikiRedirects.none(), "solo");
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> unlinked.require(TaskMix.parse("wlp")));
    assertTrue(none.getMessage().contains("has no link from one of its pages to another"), none.getMessage());
  }

  @Test
  void cropsAreContiguousSharesOfTheChunkWithinTheBounds() {
    PageCorpus c = corpus();
    long[] tokens = new long[100];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 1000 + i;
    }
    CropPairs crops = new CropPairs(null, 100, 0.1, 0.5, 0);
    for (int i = 0; i < 500; i++) {
      long[] crop = crops.crop(tokens, new Random(i));
      assertTrue(crop.length >= 10 && crop.length <= 50, "length " + crop.length);
      for (int j = 1; j < crop.length; j++) {
        assertEquals(crop[j - 1] + 1, crop[j], "contiguous without deletion");
      }
    }
    CropPairs deleting = new CropPairs(null, 100, 0.5, 0.5, 0.1);
    int total = 0;
    for (int i = 0; i < 500; i++) {
      total += deleting.crop(tokens, new Random(i)).length;
    }
    // 50 tokens each, one in ten deleted: 45 on average (deviation of the mean 0.1)
    assertEquals(45.0, total / 500.0, 0.6);
    assertTrue(crops.accepts(c.page(0)));
  }

  /**
   * The examples of one step draw their tasks independently, by weight: the generators of neighbouring positions and
   * steps are unrelated (seeding {@code java.util.Random} with neighbouring numbers gave a whole batch one task).
   */
  @Test
  void theExamplesOfOneStepDrawTheirTasksIndependently() {
    TaskMix mix = TaskMix.parse("ict,bfs=1,wlp=2");
    for (long step : new long[] {0, 1, 57}) {
      int[] counts = new int[PretrainTask.values().length];
      for (int position = 0; position < 4000; position++) {
        counts[mix.draw(PretrainObjective.random(42, step, position)).ordinal()]++;
      }
      assertEquals(1000, counts[PretrainTask.ICT.ordinal()], 100, "step " + step);
      assertEquals(1000, counts[PretrainTask.BFS.ordinal()], 100, "step " + step);
      assertEquals(2000, counts[PretrainTask.WLP.ordinal()], 100, "step " + step);
    }
    int[] firstOfEachStep = new int[PretrainTask.values().length];
    for (long step = 0; step < 4000; step++) {
      firstOfEachStep[mix.draw(PretrainObjective.random(42, step, 0)).ordinal()]++;
    }
    assertEquals(2000, firstOfEachStep[PretrainTask.WLP.ordinal()], 100);
  }

  @Test
  void taskMixesParseAndDrawByWeight() {
    TaskMix mix = TaskMix.parse("ict,bfs=1,wlp=2");
    assertEquals(List.of(PretrainTask.ICT, PretrainTask.BFS, PretrainTask.WLP), mix.tasks());
    int[] counts = new int[3];
    Random random = new Random(7);
    for (int i = 0; i < 8000; i++) {
      counts[mix.tasks().indexOf(mix.draw(random))]++;
    }
    assertEquals(2000, counts[0], 150);
    assertEquals(2000, counts[1], 150);
    assertEquals(4000, counts[2], 150);
    for (String bad : new String[] {"", "ict,", "ict=0", "ict=x", "ict,ict", "mlm", "ict=1=2"}) {
      assertThrows(IllegalArgumentException.class, () -> TaskMix.parse(bad), bad);
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TaskMix.parse("mlm")).getMessage()
        .contains("unknown task 'mlm'; the tasks are ict, bfs, wlp, crop, sgopt, retromae"));
  }
}
