/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quarry serve}'s HTTP server: Javalin 7 on Jetty 12 (docs/ARCHITECTURE.md, Decisions), with the API of
 * docs/SERVER.md, its OpenAPI description at {@code /openapi.json}, Prometheus metrics at {@code /metrics},
 * {@code /health}, and the page at {@code /} (static files from the classpath, ECharts from its WebJar). Every
 * refusal is a JSON error naming the parameter ({@link ApiException}); an unexpected failure is a 500 for that
 * request only. {@link #stop} stops taking requests, lets those under way finish, then stops Jetty. Serves the
 * {@link Catalog} it is given and does not close it.
 */
public final class QuarryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuarryServer.class);
  /** Where the page's files are on the classpath. */
  static final String PAGE = "/quarry-server/page";
  static final String OPENAPI = "/quarry-server/openapi.json";

  private final ServerSettings settings;
  private final ServerMetrics metrics = new ServerMetrics();
  private final RequestGate gate = new RequestGate(metrics);
  private final Javalin app;
  private final byte[] openApi;
  private final List<String> routes = new CopyOnWriteArrayList<>();

  private QuarryServer(Catalog catalog, ServerSettings settings) {
    this.settings = settings;
    this.openApi = resource(OPENAPI);
    Requests requests = new Requests(settings);
    Hits hits = new Hits(new Snippets(240), catalog.judgments());
    SearchEndpoints search = new SearchEndpoints(catalog, requests, hits, metrics);
    EmbeddingEndpoints embeddings = new EmbeddingEndpoints(catalog, requests);
    RerankEndpoint rerank = new RerankEndpoint(catalog, requests, search);
    RunEndpoints runs = new RunEndpoints(catalog, requests, hits, search, settings);
    InfoEndpoints info = new InfoEndpoints(catalog, settings);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.events.handlerAdded(added -> {
        if (added.getHttpMethod().isHttpMethod()) {
          routes.add(added.getHttpMethod() + " " + added.getPath());
        }
      });
      config.http.maxRequestSize = Math.max(settings.maxBodyBytes(), settings.maxRunBytes());
      // Jetty's own graceful stop on top of the gate's: it waits until the last response is completely written
      config.jetty.modifyServer(server -> {
        server.setHandler(new GracefulHandler());
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(settings.stopSeconds()));
      });
      config.jetty.modifyServletContextHandler(handler ->
          handler.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST)));
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = PAGE;
        files.location = Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();
      config.routes.beforeMatched(ctx -> {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
          ctx.req().setAttribute(RequestGate.ROUTE, endpoint.path);
        }
      });
      config.routes.get("/health", this::health);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));
      config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      config.routes.get("/api/info", info::info);
      config.routes.get("/api/queries", info::queries);
      config.routes.get("/api/search", search::get);
      config.routes.post("/api/search", search::post);
      config.routes.post("/api/rerank", rerank::rerank);
      config.routes.get("/api/runs", runs::list);
      config.routes.post("/api/runs", runs::produce);
      config.routes.post("/api/runs/{name}", runs::upload);
      config.routes.delete("/api/runs/{name}", runs::delete);
      config.routes.get("/api/runs/{name}/{qid}", runs::query);
      config.routes.get("/api/compare", runs::compare);
      config.routes.post("/v1/embeddings", embeddings::embeddings);
      config.routes.get("/v1/models", embeddings::models);
      config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.parameter(), e.getMessage()));
      config.routes.exception(HttpResponseException.class, (e, ctx) ->
          error(ctx, e.getStatus(), e.getStatus() == 413 ? "body" : null, e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, null, "internal error: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + Requests.abbreviate(e.getMessage())));
      });
      config.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint ")) {
          error(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + Requests.abbreviate(ctx.path()));
        }
      });
      config.routes.error(405, ctx -> error(ctx, 405, null, "method " + ctx.method() + " is not allowed on "
          + Requests.abbreviate(ctx.path())));
    });
  }

  /** Starts serving {@code catalog} on the settings' host and port. */
  public static QuarryServer start(Catalog catalog, ServerSettings settings) {
    QuarryServer server = new QuarryServer(catalog, settings);
    server.app.start(settings.host(), settings.port());
    return server;
  }

  private void health(Context ctx) {
    ObjectNode out = Requests.JSON.createObjectNode();
    out.put("status", "ok");
    ServerMetrics.json(ctx, out);
  }

  private static void error(Context ctx, int status, String parameter, String message) {
    ObjectNode out = Requests.JSON.createObjectNode();
    ObjectNode error = out.putObject("error");
    error.put("message", message);
    error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
    error.put("param", parameter);
    error.put("code", status);
    ctx.status(status);
    ServerMetrics.json(ctx, out);
  }

  private static byte[] resource(String name) {
    try (InputStream in = QuarryServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port it listens on (the one chosen when the settings asked for 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port/}, a URL a browser on this machine can open. */
  public String url() {
    String host = settings.host();
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]"
        : host;
    return "http://" + shown + ":" + port() + "/";
  }

  /** Requests admitted so far. */
  public long requests() {
    return gate.admitted();
  }

  /** Requests admitted and not yet answered. */
  public int inFlight() {
    return gate.inFlight();
  }

  /**
   * Stops taking requests (new ones get a 503), waits for those under way (at most the settings' stopSeconds), and
   * stops Jetty. Idempotent.
   *
   * @return whether every request under way finished in time
   */
  public boolean stop() {
    boolean drained = gate.drain(settings.stopSeconds());
    if (!drained) {
      LOG.warn("{} requests were still under way after {} s; stopping anyway", gate.inFlight(),
          settings.stopSeconds());
    }
    app.stop();
    metrics.close();
    return drained;
  }

  @Override
  public void close() {
    stop();
  }

  /** Every route registered, as {@code METHOD /path/{param}}: what the OpenAPI description must describe. */
  public List<String> routes() {
    return List.copyOf(routes);
  }
}
