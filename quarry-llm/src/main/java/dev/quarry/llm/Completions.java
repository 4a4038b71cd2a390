/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.llm;

import dev.quarry.core.io.ContentDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Samples of completions, each generated once: samples {@code 0..count-1} of a prompt come from the
 * {@link CompletionCache} where it has them and from the model for the rest, in requests of at most
 * {@code samplesPerRequest} ({@code n}); a server that returns fewer choices than asked (Ollama ignores {@code n})
 * is asked again for the rest. Callers of the same prompt and settings wait for each other rather than pay twice.
 * What the model costs is counted in its {@link UsageMeter}. Thread-safe.
 */
public final class Completions implements AutoCloseable {
  /** A prompt's samples, what generating them cost, and how many came from the cache instead. */
  public record Samples(List<Completion> completions, Usage usage, int cached) {
    public Samples {
      completions = List.copyOf(completions);
    }

    public List<String> texts() {
      return completions.stream().map(Completion::text).toList();
    }
  }

  private static final int STRIPES = 64;

  private final LanguageModel model;
  private final CompletionCache cache;
  private final int samplesPerRequest;
  private final UsageMeter meter;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public Completions(LanguageModel model, CompletionCache cache, int samplesPerRequest, UsageMeter meter) {
    if (samplesPerRequest < 1) {
      throw new IllegalArgumentException("samples per request must be positive; got " + samplesPerRequest);
    }
    this.model = model;
    this.cache = cache;
    this.samplesPerRequest = samplesPerRequest;
    this.meter = meter;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** {@code model} at {@code endpoint}, its completions cached in the endpoint's cache folder. */
  public static Completions open(LlmEndpoint endpoint, String model) {
    UsageMeter meter = new UsageMeter();
    CompletionCache cache = new CompletionCache(endpoint.cache(), model);
    return new Completions(new OpenAiCompatibleModel(endpoint, model, meter), cache, endpoint.samplesPerRequest(),
        meter);
  }

  /** Samples {@code 0..count-1} of {@code prompt}. */
  public Samples sample(String prompt, Sampling sampling, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive; got " + count);
    }
    String[] keys = new String[count];
    for (int i = 0; i < count; i++) {
      keys[i] = CompletionCache.key(model.name(), sampling, i, prompt);
    }
    ReentrantLock lock = locks[Math.floorMod(ContentDigest.of(sampling.key() + "\n" + prompt).hashCode(), STRIPES)];
    lock.lock();
    try {
      Completion[] got = new Completion[count];
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        got[i] = cache.get(keys[i]);
        if (got[i] == null) {
          missing.add(i);
        }
      }
      int cached = count - missing.size();
      Usage usage = Usage.NONE;
      while (!missing.isEmpty()) {
        int n = Math.min(missing.size(), samplesPerRequest);
        Generation generation = model.generate(prompt, sampling, n);
        usage = usage.plus(generation.usage());
        for (Completion c : generation.choices().subList(0, Math.min(n, generation.choices().size()))) {
          int index = missing.remove(0);
          got[index] = c;
          cache.put(keys[index], c);
        }
      }
      meter.fromCache(cached);
      return new Samples(Arrays.asList(got), usage, cached);
    } finally {
      lock.unlock();
    }
  }

  /** The model's name at its server. */
  public String modelName() {
    return model.name();
  }

  public UsageMeter meter() {
    return meter;
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      cache.close();
    }
  }
}
