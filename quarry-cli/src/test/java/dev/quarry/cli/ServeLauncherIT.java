/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/quarry serve} as a user runs it: it prints its URL, answers, and on SIGTERM finishes the request under
 * way before it exits with status 143.
 */
class ServeLauncherIT {
  private static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();
  private static final Pattern URL = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

  @TempDir Path temp;

  @Test
  @Timeout(300)
  void servesUntilSigtermAndFinishesTheRequestUnderWay() throws Exception {
    Path data = TrainCommandTest.animals(temp);
    Path index = temp.resolve("bm25");
    assertEquals(0, CliHarness.run("index", "--corpus", data.toString(), "--index", index.toString(), "--kind",
        "bm25").exitCode());
    Path err = temp.resolve("err.txt");
    Process serve = new ProcessBuilder("bash", HOME.resolve("bin/quarry").toString(), "serve", "--index",
        "animals=" + index, "--dataset", data.toString(), "--split", "train", "--model", "all-MiniLM-L6-v2-int8",
        "--port", "0").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(err.toFile()).start();
    try {
      String url = null;
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (url == null && (line = out.readLine()) != null) {
        Matcher m = URL.matcher(line);
        url = m.find() ? m.group(1) : null;
      }
      if (url == null) {
        fail("serve printed no URL:\n" + Files.readString(err));
      }
      HttpClient http = HttpClient.newHttpClient();
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url + "health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(url + "api/search?q=habits+of+the+owl"
          + "&k=3")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, search.statusCode(), search.body());
      assertTrue(search.body().contains("\"id\":\"d10\""), search.body());

      // 256 texts of 250 tokens: seconds of encoding, then SIGTERM while it runs
      String text = "all about the owl and its habits, ".repeat(35);
      String body = "{\"model\": \"all-MiniLM-L6-v2-int8\", \"input\": " + json(Collections.nCopies(256, text)) + "}";
      CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(URI.create(url
          + "v1/embeddings")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(700);
      assertTrue(!slow.isDone(), "the request is still under way when the signal comes");
      serve.destroy(); // SIGTERM
      HttpResponse<String> finished = slow.get(120, TimeUnit.SECONDS);
      assertEquals(200, finished.statusCode(), finished.body());
      assertEquals(256, finished.body().split("\"object\":\"embedding\"", -1).length - 1);
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve exits after the signal");
      String log = Files.readString(err);
      assertEquals(143, serve.exitValue(), log);
      assertTrue(log.contains("quarry serve: stopping (1 requests under way)"), log);
      assertTrue(log.contains("served "), log);
    } finally {
      serve.destroyForcibly();
    }
  }

  private static String json(List<String> texts) {
    StringBuilder s = new StringBuilder("[");
    for (String t : texts) {
      s.append(s.length() > 1 ? "," : "").append('"').append(t).append('"');
    }
    return s.append(']').toString();
  }
}
