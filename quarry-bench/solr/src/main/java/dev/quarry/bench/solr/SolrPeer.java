package dev.quarry.bench.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.embedded.EmbeddedSolrServer;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * The engine search engineers would otherwise put behind HTTP for BM25: one Solr 9.10.1 node (solr-test-framework's
 * {@link JettySolrRunner}) with one core analysed as Quarry's BM25 index is (conf/schema.xml), the corpus indexed
 * into it, serving {@code /solr/scifact/select} until killed. Usage: {@code SolrPeer CORPUS.jsonl PORT SOLR_HOME}
 * (SOLR_HOME a new, empty folder). Prints {@code solr: listening on URL} when ready.
 */
public final class SolrPeer {
  private static final String CORE = "scifact";

  private SolrPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SolrPeer CORPUS.jsonl PORT SOLR_HOME");
      System.exit(2);
    }
    Path corpus = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    Path home = Path.of(args[2]);
    Path core = home.resolve(CORE);
    Files.createDirectories(core.resolve("conf"));
    copy("solr.xml", home.resolve("solr.xml"));
    copy("conf/solrconfig.xml", core.resolve("conf/solrconfig.xml"));
    copy("conf/schema.xml", core.resolve("conf/schema.xml"));
    Files.writeString(core.resolve("core.properties"), "name=" + CORE + "\n");

    JettySolrRunner solr = new JettySolrRunner(home.toString(), JettyConfig.builder().setPort(port)
        .setContext("/solr").build());
    solr.start();
    long start = System.nanoTime();
    long count = index(solr, corpus);
    System.err.printf("solr: indexed %,d documents in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        solr.stop();
      } catch (Exception e) {
        System.err.println("solr: stop failed: " + e);
      }
      stop.countDown();
    }));
    System.out.println("solr: listening on " + solr.getBaseUrl() + "/" + CORE);
    System.out.flush();
    stop.await();
  }

  /** Title and text in one field, as Quarry's BM25 index has them. */
  private static long index(JettySolrRunner solr, Path corpus) throws IOException, SolrServerException {
    ObjectMapper json = new ObjectMapper();
    long count = 0;
    try (EmbeddedSolrServer client = new EmbeddedSolrServer(solr.getCoreContainer(), CORE);
        BufferedReader lines = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
      List<SolrInputDocument> batch = new ArrayList<>();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode d = json.readTree(line);
        String title = d.path("title").asText("");
        String text = d.path("text").asText("");
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField("id", d.get("_id").asText());
        doc.addField("contents", title.isEmpty() ? text : text.isEmpty() ? title : title + " " + text);
        batch.add(doc);
        if (batch.size() == 1000) {
          client.add(batch);
          count += batch.size();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        client.add(batch);
        count += batch.size();
      }
      client.commit();
    }
    return count;
  }

  private static void copy(String resource, Path target) throws IOException {
    try (InputStream in = SolrPeer.class.getResourceAsStream("/solr-peer/" + resource)) {
      if (in == null) {
        throw new IOException("resource /solr-peer/" + resource + " is missing from the jar");
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
