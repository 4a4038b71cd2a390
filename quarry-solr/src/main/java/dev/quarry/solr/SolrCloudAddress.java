/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.solr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;

/**
 * Where a SolrCloud is, as a user gives it to {@code --solr}: its ZooKeeper ensemble ({@code host:port[,host:port]
 * [/chroot]}, as Solr's own {@code -z} takes it), or the URL of one or more of its nodes ({@code
 * http://host:8983/solr}, comma-separated), whose cluster state is then read over HTTP. Either way requests go
 * through SolrJ's {@link CloudSolrClient} on the JDK's HTTP client.
 */
public record SolrCloudAddress(List<String> zkHosts, Optional<String> zkChroot, List<String> nodeUrls) {
  public SolrCloudAddress {
    zkHosts = List.copyOf(zkHosts);
    nodeUrls = List.copyOf(nodeUrls);
    if (zkHosts.isEmpty() == nodeUrls.isEmpty()) {
      throw new IllegalArgumentException("a SolrCloud address is ZooKeeper hosts or node URLs, one of the two");
    }
  }

  /** Parses {@code --solr}'s value: node URLs if it starts with http:// or https://, else a ZooKeeper address. */
  public static SolrCloudAddress parse(String address) {
    String value = address == null ? "" : address.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a SolrCloud address is empty; give ZooKeeper's host:port[/chroot] or a"
          + " node's URL, like http://localhost:8983/solr");
    }
    if (value.startsWith("http://") || value.startsWith("https://")) {
      List<String> urls = Arrays.stream(value.split(",")).map(String::strip).toList();
      for (String url : urls) {
        if (!url.matches("https?://[^/\\s]+(/.*)?")) {
          throw new IllegalArgumentException("'" + url + "' in the SolrCloud address '" + value
              + "' is not a node URL like http://localhost:8983/solr");
        }
      }
      return new SolrCloudAddress(List.of(), Optional.empty(), urls);
    }
    int slash = value.indexOf('/');
    String hosts = slash < 0 ? value : value.substring(0, slash);
    Optional<String> chroot = slash < 0 ? Optional.empty() : Optional.of(value.substring(slash));
    List<String> zk = Arrays.stream(hosts.split(",")).map(String::strip).toList();
    for (String host : zk) {
      if (!host.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException("'" + host + "' in the SolrCloud address '" + value
            + "' is not a ZooKeeper host:port (or give a node's URL, starting http://)");
      }
    }
    return new SolrCloudAddress(zk, chroot, List.of());
  }

  /** A client of the cluster; the caller closes it. */
  public CloudSolrClient connect() {
    CloudSolrClient.Builder builder = zkHosts.isEmpty() ? new CloudSolrClient.Builder(nodeUrls)
        : new CloudSolrClient.Builder(zkHosts, zkChroot);
    // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade of a request with a body never completes against Solr 9's
    // Jetty (a configset upload or an update waits forever); and a bound on every wait
    return builder.withHttpClientBuilder(new HttpJdkSolrClient.Builder().useHttp1_1(true)
        .withConnectionTimeout(30, TimeUnit.SECONDS).withRequestTimeout(10, TimeUnit.MINUTES)).build();
  }

  @Override
  public String toString() {
    return zkHosts.isEmpty() ? String.join(",", nodeUrls) : String.join(",", zkHosts) + zkChroot.orElse("");
  }
}
