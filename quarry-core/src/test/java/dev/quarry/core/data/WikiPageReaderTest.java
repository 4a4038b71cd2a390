/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page collection reads page by page with its structure; bad lines name file and line; pages without a lead and
 * links with offsets outside their paragraph are counted, not fatal.
 */
class WikiPageReaderTest {
  @TempDir Path temp;

  static final String ALPHA = """
      {"page_id": 1, "title": "Alpha", "rev_id": 9, "sections": [\
      {"heading": null, "level": 1, "paragraphs": [{"text": "Alpha is a letter. It comes first.", \
      "links": [{"target": "Letter", "start": 11, "end": 17}]}]}, \
      {"heading": "History", "level": 2, "paragraphs": [{"text": "It was used by the Greeks.", "links": []}, \
      {"text": "See Beta.", "links": [{"target": "Beta", "start": 4, "end": 8}]}]}]}""";
  static final String BETA_WITHOUT_LEAD = """
      {"page_id": 2, "title": "Beta", "sections": [{"heading": "Use", "level": 2, "paragraphs": [\
      {"text": "Beta follows Alpha.", "links": [{"target": "Alpha", "start": 13, "end": 99}]}]}]}""";

  private Path gz(String name, String content) throws IOException {
    Path file = temp.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static List<WikiPage> readAll(Path file) {
    List<WikiPage> pages = new ArrayList<>();
    try (WikiPageReader reader = WikiPageReader.open(file)) {
      reader.forEach(pages::add);
    }
    return pages;
  }

  private static void assertError(Runnable action, Path file, long line, String fragment) {
    DataFormatException e = assertThrows(DataFormatException.class, action::run);
    assertEquals(file, e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void readsPagesWithLeadSectionsParagraphsAndLinksFromAFolder() throws IOException {
    gz("pages.jsonl.gz", ALPHA + "\n\n" + BETA_WITHOUT_LEAD + "\n");
    Files.writeString(temp.resolve("redirects.tsv"), "alias\ttitle\nA\tAlpha\n");
    assertTrue(WikiPageReader.isCollection(temp));
    try (WikiPageReader reader = WikiPageReader.open(temp)) {
      List<WikiPage> pages = new ArrayList<>();
      reader.forEach(pages::add);
      assertEquals(2, pages.size());
      WikiPage alpha = pages.get(0);
      assertEquals(1, alpha.pageId());
      assertEquals("Alpha", alpha.title());
      assertTrue(alpha.hasLead());
      assertEquals(List.of("Alpha is a letter. It comes first."), alpha.lead().stream().map(WikiPage.Paragraph::text)
          .toList());
      assertEquals(List.of("It was used by the Greeks.", "See Beta."), alpha.body().stream()
          .map(WikiPage.Paragraph::text).toList());
      assertEquals(new WikiPage.Link("Letter", 11, 17), alpha.lead().get(0).links().get(0));
      assertEquals("History", alpha.sections().get(1).heading());
      WikiPage beta = pages.get(1);
      assertFalse(beta.hasLead());
      assertTrue(beta.lead().isEmpty());
      assertEquals(1, beta.body().size());
      assertEquals(1, reader.pagesWithoutLead(), "a page without a lead is counted and kept");
      assertEquals(1, reader.linksWithBadOffsets(), "a link past its paragraph's end is counted and kept");
      assertEquals(3, reader.links());
    }
    WikiRedirects redirects = WikiRedirects.of(temp);
    assertEquals("Alpha", redirects.resolve("A"));
    assertEquals("Gamma", redirects.resolve("Gamma"));
  }

  @Test
  void readsAnUncompressedFileToo() throws IOException {
    Path file = temp.resolve("pages.jsonl");
    Files.writeString(file, ALPHA + "\n");
    assertEquals(List.of("Alpha"), readAll(file).stream().map(WikiPage::title).toList());
    assertEquals(List.of("Alpha"), readAll(temp).stream().map(WikiPage::title).toList());
  }

  @Test
  void aLinkIsOutsideItsParagraphOnlyPastItsEdgesCountedInCodePoints() throws IOException {
    // "a\uD835\uDC00b" is three code points (the middle one two chars): offsets 0..3 are inside
    String links = "[{\"target\": \"T\", \"start\": 0, \"end\": 3}, {\"target\": \"T\", \"start\": 2, \"end\": 2}, "
        + "{\"target\": \"T\", \"start\": 0, \"end\": 4}, {\"target\": \"T\", \"start\": -1, \"end\": 1}, "
        + "{\"target\": \"T\", \"start\": 2, \"end\": 1}]";
    Path file = gz("links.jsonl.gz", "{\"page_id\": null, \"title\": \"X\", \"sections\": [{\"heading\": null, "
        + "\"paragraphs\": [{\"text\": \"a\uD835\uDC00b\", \"links\": " + links + "}]}, {\"heading\": \"H\", "
        + "\"paragraphs\": []}]}\n");
    try (WikiPageReader reader = WikiPageReader.open(file)) {
      WikiPage page = reader.iterator().next();
      assertEquals(-1, page.pageId(), "a null page_id is no id");
      assertEquals(1, page.sections().get(0).level(), "the lead's default level");
      assertEquals(2, page.sections().get(1).level(), "a headed section's default level");
      assertEquals("H", page.sections().get(1).heading());
      assertEquals(5, reader.links());
      assertEquals(3, reader.linksWithBadOffsets(), "end past the text, start below 0, end before start");
      assertEquals(1, reader.count());
      assertEquals(0, reader.pagesWithoutLead());
    }
  }

  @Test
  void aSectionsHeadingAndAPagesIdMustHaveTheirTypes() throws IOException {
    Path heading = gz("heading.jsonl.gz", "{\"title\": \"X\", \"sections\": [{\"heading\": 3, \"paragraphs\": []}]}\n");
    assertError(() -> readAll(heading), heading, 1, "section 1: 'heading' must be a string or null");
    Path id = gz("id.jsonl.gz", "{\"page_id\": \"seven\", \"title\": \"X\", \"sections\": []}\n");
    assertError(() -> readAll(id), id, 1, "'page_id' must be an integer; got \"seven\"");
    Path notObject = gz("object.jsonl.gz", "{\"title\": \"X\", \"sections\": [[]]}\n");
    assertError(() -> readAll(notObject), notObject, 1, "section 1 is not an object");
    Path noParagraphs = gz("noparagraphs.jsonl.gz", "{\"title\": \"X\", \"sections\": [{\"heading\": null}, "
        + "{\"heading\": \"Y\"}]}\n");
    assertError(() -> readAll(noParagraphs), noParagraphs, 1, "section 1: 'paragraphs' must be an array");
    assertFalse(WikiPageReader.isCollection(temp), "a folder without a pages file");
    assertFalse(WikiPageReader.isCollection(heading), "a file");
  }

  @Test
  void malformedLinesNameTheirFileAndLine() throws IOException {
    Path broken = gz("broken.jsonl.gz", ALPHA + "\n{\"title\": \"Beta\", \"sections\": [\n");
    assertError(() -> readAll(broken), broken, 2, "malformed JSON");
    Path noTitle = gz("notitle.jsonl.gz", ALPHA + "\n\n{\"page_id\": 3, \"sections\": []}\n");
    assertError(() -> readAll(noTitle), noTitle, 3, "missing 'title'");
    Path sections = gz("sections.jsonl.gz", "{\"title\": \"X\", \"sections\": {}}\n");
    assertError(() -> readAll(sections), sections, 1, "'sections' must be an array");
    Path paragraph = gz("paragraph.jsonl.gz", "{\"title\": \"X\", \"sections\": [{\"heading\": null, "
        + "\"paragraphs\": [{\"links\": []}]}]}\n");
    assertError(() -> readAll(paragraph), paragraph, 1, "section 1, paragraph 1: missing 'text'");
    Path link = gz("link.jsonl.gz", "{\"title\": \"X\", \"sections\": [{\"heading\": null, "
        + "\"paragraphs\": [{\"text\": \"x\", \"links\": [{\"start\": 0, \"end\": 1}]}]}]}\n");
    assertError(() -> readAll(link), link, 1, "a link without a 'target'");
    Path twice = gz("twice.jsonl.gz", ALPHA + "\n" + ALPHA + "\n");
    assertError(() -> readAll(twice), twice, 2, "duplicate page title 'Alpha' (first on line 1)");
    Path cut = temp.resolve("cut.jsonl.gz");
    byte[] whole = Files.readAllBytes(gz("whole.jsonl.gz", ALPHA + "\n" + ALPHA.replace("Alpha", "Gamma") + "\n"));
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 12));
    DataFormatException damaged = assertThrows(DataFormatException.class, () -> readAll(cut));
    assertTrue(damaged.getMessage().startsWith(cut + ":"), damaged.getMessage());
    assertTrue(damaged.getMessage().contains("damaged or cut short"), damaged.getMessage());
  }

  @Test
  void badRedirectLinesNameTheirFileAndLine() throws IOException {
    Path noTab = temp.resolve("redirects.tsv");
    Files.writeString(noTab, "alias\ttitle\nA\tAlpha\nB Beta\n");
    assertError(() -> WikiRedirects.read(noTab), noTab, 3, "found no tab");
    Files.writeString(noTab, "alias\ttitle\nA\tAlpha\nA\tBeta\n");
    assertError(() -> WikiRedirects.read(noTab), noTab, 3, "alias 'A' is redirected twice (first on line 2)");
    Files.writeString(noTab, "A\t\n");
    assertError(() -> WikiRedirects.read(noTab), noTab, 1, "empty title");
    assertEquals(0, WikiRedirects.of(temp.resolve("elsewhere")).size(), "no file, no redirects");
  }
}
