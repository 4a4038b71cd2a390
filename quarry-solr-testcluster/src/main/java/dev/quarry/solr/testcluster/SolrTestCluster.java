/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr.testcluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A SolrCloud for tests and benchmarks: {@code NODES} Solr 9.10.1 nodes (Jetty) and an embedded ZooKeeper in this
 * one JVM, from solr-test-framework's {@link MiniSolrCloudCluster}. Usage: {@code SolrTestCluster NODES WORK_DIR}
 * (WORK_DIR a new or empty folder). When the cluster is up it prints {@code zk HOST:PORT/solr}, one
 * {@code node I URL} line per node and {@code ready}; then it reads commands on standard input, one a line, and
 * answers each with {@code ok} or {@code error MESSAGE}: {@code stop I} stops node I (a node failure),
 * {@code start I} starts it again, {@code quit} (or the end of input) shuts the cluster down and exits.
 */
public final class SolrTestCluster {
  private SolrTestCluster() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrTestCluster NODES WORK_DIR");
      System.exit(2);
    }
    int nodes = Integer.parseInt(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, work).build();
    try {
      out.println("zk " + cluster.getZkServer().getZkAddress());
      for (int i = 0; i < nodes; i++) {
        out.println("node " + i + " " + cluster.getJettySolrRunner(i).getBaseUrl());
      }
      out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
        try {
          command(cluster, line.strip());
          out.println("ok");
        } catch (Exception e) {
          out.println("error " + e);
        }
      }
    } finally {
      cluster.shutdown();
    }
  }

  private static void command(MiniSolrCloudCluster cluster, String line) throws Exception {
    String[] words = line.split("\\s+");
    if (words.length != 2 || !words[0].equals("stop") && !words[0].equals("start")) {
      throw new IllegalArgumentException("unknown command '" + line + "'; known: stop I, start I, quit");
    }
    JettySolrRunner node = cluster.getJettySolrRunner(Integer.parseInt(words[1]));
    if (words[0].equals("stop")) {
      node.stop();
    } else {
      node.start();
    }
  }
}
