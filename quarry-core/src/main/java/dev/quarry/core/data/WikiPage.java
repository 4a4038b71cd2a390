/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.core.data;

import java.util.List;
import java.util.Objects;

/**
 * One encyclopedia page with its structure: sections of paragraphs, the first (whose heading is null) the lead, and
 * each paragraph's hyperlinks to other pages by title. What the pre-training tasks that need page structure read
 * (Chang et al., ICLR 2020: body-first-selection pairs a lead sentence with the rest of its page, wiki-link prediction
 * with a page that links to it). Read by {@link WikiPageReader}.
 *
 * @param pageId the page's id in its source
 * @param title the page's title, which links name
 * @param sections the sections in page order
 */
public record WikiPage(long pageId, String title, List<Section> sections) {
  public WikiPage {
    Objects.requireNonNull(title, "title");
    sections = List.copyOf(sections);
  }

  /** A section: its heading (null for the lead), its level (1 for the lead, 2 for a top-level section) and text. */
  public record Section(String heading, int level, List<Paragraph> paragraphs) {
    public Section {
      paragraphs = List.copyOf(paragraphs);
    }

    public boolean isLead() {
      return heading == null;
    }
  }

  /** A paragraph's text and the links in it. */
  public record Paragraph(String text, List<Link> links) {
    public Paragraph {
      Objects.requireNonNull(text, "text");
      links = List.copyOf(links);
    }
  }

  /**
   * A hyperlink: the linked page's title (as written: it may be a redirect, or a page outside the collection) and the
   * anchor's character offsets in its paragraph's text.
   */
  public record Link(String target, int start, int end) {
    public Link {
      Objects.requireNonNull(target, "target");
    }
  }

  /** The lead section's paragraphs: empty when the page has no lead (its first section has a heading). */
  public List<Paragraph> lead() {
    return sections.isEmpty() || !sections.get(0).isLead() ? List.of() : sections.get(0).paragraphs();
  }

  /** Whether the page has a lead section with some text. */
  public boolean hasLead() {
    return lead().stream().anyMatch(p -> !p.text().isBlank());
  }

  /** Every paragraph after the lead, in page order. */
  public List<Paragraph> body() {
    int from = sections.isEmpty() || !sections.get(0).isLead() ? 0 : 1;
    return sections.subList(from, sections.size()).stream().flatMap(s -> s.paragraphs().stream()).toList();
  }
}
