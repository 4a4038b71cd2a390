/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the pages of a structured encyclopedia sample, one at a time: {@code pages.jsonl.gz} (or an uncompressed
 * {@code pages.jsonl}), one JSON object a line:
 *
 * <pre>{"page_id": 13834, "title": "...", "rev_id": 948428773,
 *  "sections": [{"heading": null, "level": 1, "paragraphs": [{"text": "...",
 *                "links": [{"target": "Computer program", "start": 41, "end": 57}]}]}, ...]}</pre>
 *
 * <p>The first section, heading {@code null}, is the lead. A folder means its {@code pages.jsonl.gz} (beside it,
 * {@code redirects.tsv}: {@link WikiRedirects}). A line that is not such an object (malformed JSON, no title, a
 * section or paragraph of the wrong shape, a link without a target) is an error naming the file and line; a repeated
 * title is an error naming both lines. Tolerated and counted, reported in one warning when the reader is closed: pages
 * without a lead section (kept, with an empty lead) and links whose offsets fall outside their paragraph (kept: the
 * offsets count code points, and a few source pages have them wrong). Not thread-safe; iterate once.
 */
public final class WikiPageReader extends LineRecordReader<WikiPage> {
  private static final Logger LOG = LoggerFactory.getLogger(WikiPageReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The pages file of a collection folder. */
  public static final String PAGES = "pages.jsonl.gz";

  private final Map<String, Long> titles = new HashMap<>();
  private long withoutLead;
  private long badOffsets;
  private long links;

  private WikiPageReader(Path file) {
    super(new LineReader(file, file.getFileName().toString().endsWith(".gz")));
  }

  /** Opens a pages file ({@code .jsonl.gz} or {@code .jsonl}) or a collection folder's {@code pages.jsonl.gz}. */
  public static WikiPageReader open(Path fileOrFolder) {
    return new WikiPageReader(pagesFile(fileOrFolder));
  }

  /** A folder's pages file ({@code pages.jsonl.gz}, else {@code pages.jsonl}), or the file itself. */
  public static Path pagesFile(Path fileOrFolder) {
    if (!Files.isDirectory(fileOrFolder)) {
      return fileOrFolder;
    }
    Path plain = fileOrFolder.resolve("pages.jsonl");
    return Files.isRegularFile(plain) && !Files.exists(fileOrFolder.resolve(PAGES)) ? plain
        : fileOrFolder.resolve(PAGES);
  }

  /** Whether a folder holds a page collection (a pages file) rather than a BEIR corpus. */
  public static boolean isCollection(Path folder) {
    return Files.isDirectory(folder) && (Files.isRegularFile(folder.resolve(PAGES))
        || Files.isRegularFile(folder.resolve("pages.jsonl")));
  }

  /** Pages returned so far. */
  public long count() {
    return titles.size();
  }

  /** Pages returned so far that have no lead section, or a lead without text. */
  public long pagesWithoutLead() {
    return withoutLead;
  }

  /** Links returned so far whose offsets fall outside their paragraph. */
  public long linksWithBadOffsets() {
    return badOffsets;
  }

  /** Links returned so far. */
  public long links() {
    return links;
  }

  @Override
  protected WikiPage parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw lines.error("malformed JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw lines.error("expected a JSON object with title and sections");
    }
    JsonNode title = node.get("title");
    if (title == null || !title.isTextual() || title.asText().isBlank()) {
      throw lines.error("missing 'title'");
    }
    JsonNode id = node.get("page_id");
    if (id != null && !id.isNull() && !id.canConvertToLong()) {
      throw lines.error("'page_id' must be an integer; got " + id);
    }
    JsonNode sectionNodes = node.get("sections");
    if (sectionNodes == null || !sectionNodes.isArray()) {
      throw lines.error("'sections' must be an array of sections");
    }
    List<WikiPage.Section> sections = new ArrayList<>();
    int index = 0;
    for (JsonNode s : sectionNodes) {
      sections.add(section(s, index++));
    }
    WikiPage page = new WikiPage(id == null || id.isNull() ? -1 : id.asLong(), title.asText(), sections);
    Long first = titles.putIfAbsent(page.title(), lines.lineNumber());
    if (first != null) {
      throw lines.error("duplicate page title '" + page.title() + "' (first on line " + first + ")");
    }
    if (!page.hasLead()) {
      withoutLead++;
    }
    return page;
  }

  private WikiPage.Section section(JsonNode s, int index) {
    String where = "section " + (index + 1);
    if (!s.isObject()) {
      throw lines.error(where + " is not an object with heading and paragraphs");
    }
    JsonNode heading = s.get("heading");
    if (heading != null && !heading.isNull() && !heading.isTextual()) {
      throw lines.error(where + ": 'heading' must be a string or null");
    }
    JsonNode paragraphNodes = s.get("paragraphs");
    if (paragraphNodes == null || !paragraphNodes.isArray()) {
      throw lines.error(where + ": 'paragraphs' must be an array");
    }
    List<WikiPage.Paragraph> paragraphs = new ArrayList<>();
    int p = 0;
    for (JsonNode paragraph : paragraphNodes) {
      paragraphs.add(paragraph(paragraph, where + ", paragraph " + (++p)));
    }
    int level = s.path("level").asInt(heading == null || heading.isNull() ? 1 : 2);
    return new WikiPage.Section(heading == null || heading.isNull() ? null : heading.asText(), level, paragraphs);
  }

  private WikiPage.Paragraph paragraph(JsonNode p, String where) {
    JsonNode text = p.isObject() ? p.get("text") : null;
    if (text == null || !text.isTextual()) {
      throw lines.error(where + ": missing 'text'");
    }
    JsonNode linkNodes = p.get("links");
    List<WikiPage.Link> out = new ArrayList<>();
    if (linkNodes != null && !linkNodes.isNull()) {
      if (!linkNodes.isArray()) {
        throw lines.error(where + ": 'links' must be an array");
      }
      int length = text.asText().codePointCount(0, text.asText().length());
      for (JsonNode l : linkNodes) {
        JsonNode target = l.get("target");
        if (target == null || !target.isTextual() || target.asText().isBlank()) {
          throw lines.error(where + ": a link without a 'target'");
        }
        int start = l.path("start").asInt(-1);
        int end = l.path("end").asInt(-1);
        if (start < 0 || end < start || end > length) {
          badOffsets++;
        }
        links++;
        out.add(new WikiPage.Link(target.asText(), start, end));
      }
    }
    return new WikiPage.Paragraph(text.asText(), out);
  }

  @Override
  public void close() {
    super.close();
    if (withoutLead > 0 || badOffsets > 0) {
      LOG.warn("{}: {} of {} pages have no lead section (kept, with an empty lead); {} of {} links have offsets"
          + " outside their paragraph (kept)", file(), withoutLead, count(), badOffsets, links);
    }
  }
}
