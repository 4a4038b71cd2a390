/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's log, {@code log.jsonl}: one JSON object a line, flushed as written: every step
 * ({@code step, loss, lr, grad_norm, seconds}), every evaluation ({@code event: eval}), every negative refresh
 * ({@code event: refresh}, logged before the step it precedes). On resume, what came after the checkpoint is
 * dropped, so that the log stays one history.
 * {@link #writeCurve} draws it as a self-contained HTML page with SVG plots.
 */
public final class TrainingLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;

  /**
   * Opens the log, keeping only what happened up to the checkpoint after {@code resumeStep} steps (0 for a new
   * run): steps and evaluations up to it, refreshes before it.
   */
  public TrainingLog(Path file, long resumeStep) {
    this.file = file;
    try {
      List<String> kept = new ArrayList<>();
      if (resumeStep > 0 && Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.isBlank()) {
            continue;
          }
          JsonNode entry;
          try {
            entry = JSON.readTree(line);
          } catch (JacksonException e) {
            if (i < lines.size() - 1) {
              throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a JSON object: " + e.getOriginalMessage());
            }
            break; // the last line, cut by a kill in the middle of its writing
          }
          long step = entry.path("step").asLong(Long.MAX_VALUE);
          boolean refresh = "refresh".equals(entry.path("event").asText());
          if (refresh ? step < resumeStep : step <= resumeStep) {
            kept.add(line);
          }
        }
      }
      Files.write(file, kept, StandardCharsets.UTF_8);
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Map<String, Object> entry) {
    try {
      out.write(JSON.writeValueAsString(entry));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a log's lines. */
  public static List<JsonNode> read(Path file) {
    try {
      List<JsonNode> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          entries.add(JSON.readTree(line));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code curve.html}: loss (and each loss term, when logged) and learning rate per step, dev figures per
   * evaluation, refreshes marked.
   */
  public static void writeCurve(Path log, Path html, String title) {
    List<JsonNode> entries = read(log);
    List<double[]> loss = new ArrayList<>();
    List<double[]> lr = new ArrayList<>();
    List<double[]> devNdcg = new ArrayList<>();
    List<double[]> devLoss = new ArrayList<>();
    List<Double> refreshes = new ArrayList<>();
    Map<String, List<double[]>> terms = new LinkedHashMap<>();
    for (JsonNode e : entries) {
      double step = e.path("step").asDouble();
      switch (e.path("event").asText("step")) {
        case "eval" -> {
          devNdcg.add(new double[] {step, e.path("dev_ndcg@10").asDouble()});
          devLoss.add(new double[] {step, e.path("dev_loss").asDouble()});
        }
        case "refresh" -> refreshes.add(step);
        case "skipped" -> { }
        default -> {
          loss.add(new double[] {step, e.path("loss").asDouble()});
          lr.add(new double[] {step, e.path("lr").asDouble()});
          e.path("terms").fields().forEachRemaining(t ->
              terms.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(new double[] {step, t.getValue().asDouble()}));
        }
      }
    }
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
        .append("</title><style>body{font-family:sans-serif;margin:2em}svg{border:1px solid #ccc;margin:1em 0}"
            + "</style></head><body><h1>").append(escape(title)).append("</h1>");
    page.append(plot("training loss", loss, refreshes));
    terms.forEach((name, points) -> page.append(plot("loss term: " + name + " (unweighted)", points, refreshes)));
    page.append(plot("learning rate", lr, refreshes));
    if (!devNdcg.isEmpty()) {
      page.append(plot("dev nDCG@10", devNdcg, refreshes));
      page.append(plot("dev loss", devLoss, refreshes));
    }
    page.append("<p>Dashed lines: negative refreshes (ANCE).</p></body></html>\n");
    try {
      Files.writeString(html, page);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + html + ": " + e.getMessage(), e);
    }
  }

  private static String plot(String name, List<double[]> points, List<Double> marks) {
    int w = 720;
    int h = 220;
    int pad = 50;
    if (points.isEmpty()) {
      return "";
    }
    double x0 = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
    double x1 = Math.max(x0 + 1, points.stream().mapToDouble(p -> p[0]).max().orElse(1));
    double y0 = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
    double y1 = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
    if (y1 - y0 < 1e-12) {
      y1 = y0 + 1;
    }
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<h2>%s</h2><svg width=\"%d\" height=\"%d\">", escape(name), w, h));
    for (double m : marks) {
      double x = pad + (m - x0) / (x1 - x0) * (w - 2 * pad);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c33\""
          + " stroke-dasharray=\"4\"/>", x, pad / 2, x, h - pad));
    }
    svg.append("<polyline fill=\"none\" stroke=\"#2a6\" stroke-width=\"1.5\" points=\"");
    for (double[] p : points) {
      svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", pad + (p[0] - x0) / (x1 - x0) * (w - 2 * pad),
          h - pad - (p[1] - y0) / (y1 - y0) * (h - 1.5 * pad)));
    }
    svg.append("\"/>");
    svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"11\">%.4g</text>", pad / 2 + 5, y1));
    svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\" font-size=\"11\">%.4g</text>", h - pad, y0));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">step %.0f</text>", pad, h - 15, x0));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">step %.0f</text>", w - pad - 40,
        h - 15, x1));
    return svg.append("</svg>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }
}
