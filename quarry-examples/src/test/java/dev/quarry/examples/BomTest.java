/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/**
 * quarry-bom has no parent (so that importing it brings Quarry's versions only), so nothing keeps it in step with the
 * reactor but this: it manages every published module, and its version is the reactor's.
 */
class BomTest {
  /** Reactor modules that are not published: the benchmarks, the examples, the SolrCloud test cluster and the BOM. */
  private static final List<String> UNPUBLISHED = List.of("quarry-bench", "quarry-examples", "quarry-solr-testcluster",
      "quarry-bom");

  @Test
  void theBomManagesEveryPublishedModuleAtTheReactorsVersion() throws Exception {
    Document parent = read(Path.of("..", "pom.xml"));
    Document bom = read(Path.of("..", "quarry-bom", "pom.xml"));
    TreeSet<String> published = new TreeSet<>(texts(childElement(parent.getDocumentElement(), "modules"), "module"));
    published.removeAll(UNPUBLISHED);
    TreeSet<String> managed = new TreeSet<>(texts(childElement(bom.getDocumentElement(), "dependencyManagement"),
        "artifactId"));
    assertEquals(published, managed, "the modules quarry-bom manages");
    assertEquals(child(parent.getDocumentElement(), "version"), child(bom.getDocumentElement(), "version"),
        "quarry-bom's version");
  }

  static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  static List<String> texts(Element root, String tag) {
    NodeList nodes = root.getElementsByTagName(tag);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent().strip());
    }
    return texts;
  }

  /** The text of a direct child element. */
  static String child(Element root, String tag) {
    return childElement(root, tag).getTextContent().strip();
  }

  /** A direct child element (the profiles' {@code <modules>} are not the reactor's). */
  static Element childElement(Element root, String tag) {
    for (var n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    throw new AssertionError("no <" + tag + "> in " + root.getTagName());
  }
}
