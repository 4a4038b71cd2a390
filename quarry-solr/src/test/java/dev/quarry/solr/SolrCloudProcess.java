/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SolrCloud of quarry-solr-testcluster (Solr 9.10.1 on Lucene 9, which cannot share this JVM's class path),
 * started as a process of its own: its ZooKeeper address, its nodes' URLs, and node failures on request.
 */
public final class SolrCloudProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;
  private final String zkAddress;
  private final List<String> nodeUrls = new ArrayList<>();

  private SolrCloudProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String zk = null;
    for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
      if (line == null) {
        throw new IOException("the SolrCloud test cluster exited before it was ready (exit "
            + exitValue() + "); its log is in target/solr-testcluster.log");
      }
      if (line.startsWith("zk ")) {
        zk = line.substring(3);
      } else if (line.startsWith("node ")) {
        nodeUrls.add(line.split(" ")[2]);
      }
    }
    this.zkAddress = zk;
  }

  /** Starts {@code nodes} Solr nodes and ZooKeeper in {@code work}, with this JVM's java. */
  public static SolrCloudProcess start(int nodes, Path work) throws IOException {
    String jar = System.getProperty("quarry.solr.testcluster");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("the SolrCloud test cluster's jar (" + jar + ") is missing: build"
          + " quarry-solr-testcluster first (bin/mvn -q package -DskipTests)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Path.of("target", "solr-testcluster.log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", jar, Integer.toString(nodes), work.toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      return new SolrCloudProcess(process);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  public String zkAddress() {
    return zkAddress;
  }

  public List<String> nodeUrls() {
    return List.copyOf(nodeUrls);
  }

  /** Stops node {@code i}, as a node that fails. */
  public void stopNode(int i) throws IOException {
    in.println("stop " + i);
    String answer = out.readLine();
    if (!"ok".equals(answer)) {
      throw new IOException("stopping node " + i + " failed: " + answer);
    }
  }

  private String exitValue() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none yet";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() throws InterruptedException {
    in.println("quit");
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
