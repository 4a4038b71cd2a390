/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.train.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.quarry.onnx.Pooling;
import dev.quarry.onnx.TextTokenizer;
import dev.quarry.train.BatchSampler;
import dev.quarry.train.BertEncoder;
import dev.quarry.train.Scalars;
import dev.quarry.train.TrainingObjective;
import dev.quarry.train.loss.MaskedLanguageModelLoss;
import dev.quarry.train.loss.MomentumContrastLoss;
import dev.quarry.train.loss.SelfGuidedContrastiveLoss;
import dev.quarry.train.loss.WeightDistanceLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pre-training's objective on the one training pipeline: each example of a batch is a page (or document) of the
 * corpus; at every step each gets a task drawn by the {@link TaskMix}'s weights and its data made from the page by the
 * task, all with a generator seeded by (seed, step, position), so a batch is a function of them and a resumed run sees
 * the batches the uninterrupted one saw. A page a task cannot use (a page nothing links to, for WLP) is replaced by one
 * it can, drawn with the same generator. The loss of a (micro-)batch is the share-weighted sum of each kind's:
 *
 * <ul>
 *   <li>pair tasks (ICT, BFS, WLP, crops): {@link MomentumContrastLoss} over the queries against the batch's positives,
 *       encoded by the trained encoder, or with MoCo by the momentum encoder, with the queue's keys as more negatives
 *       (the batch's keys then join the queue);</li>
 *   <li>SG-OPT: {@link SelfGuidedContrastiveLoss} on the projected sentence vector against the frozen copy's pooled
 *       layers, plus lambda times {@link WeightDistanceLoss} from the starting weights;</li>
 *   <li>RetroMAE: the encoder's masked-language-model loss plus the enhanced decoder's
 *       ({@link MaskedLanguageModelLoss}, one tied {@link MlmHead}).</li>
 * </ul>
 *
 * Each kind's loss is logged unweighted under {@code terms}. Not thread-safe.
 */
public final class PretrainObjective implements TrainingObjective {
  /** What the objective is set by. */
  public record Settings(long seed, float temperature, float dropout, int passageLength, double encoderMask,
      double decoderMask, double sgoptLambda, float sgoptTemperature) {}

  private final PretrainModel model;
  private final PageCorpus corpus;
  private final TaskMix mix;
  private final Map<PretrainTask, PairSource> sources;
  private final Map<PretrainTask, int[]> usable;
  private final WordPieces pieces;
  private final Settings settings;
  private final MomentumContrastLoss contrast;
  private final SelfGuidedContrastiveLoss selfGuided;
  private final WeightDistanceLoss distance = new WeightDistanceLoss();
  private final MaskedLanguageModelLoss mlmLoss = new MaskedLanguageModelLoss();
  private final Map<String, Double> terms = new LinkedHashMap<>();
  private final long[] queryPrefix;
  private final long[] passagePrefix;
  private long step;
  private int position;

  /**
   * @param sources the generator of each pair task of the mix
   * @param usable for each task of the mix, the pages it can use (none empty)
   */
  public PretrainObjective(PretrainModel model, PageCorpus corpus, TaskMix mix, Map<PretrainTask, PairSource> sources,
      Map<PretrainTask, int[]> usable, WordPieces pieces, Settings settings) {
    this.model = model;
    this.corpus = corpus;
    this.mix = mix;
    this.sources = Map.copyOf(sources);
    this.usable = Map.copyOf(usable);
    this.pieces = pieces;
    this.settings = settings;
    this.contrast = new MomentumContrastLoss(settings.temperature());
    this.selfGuided = new SelfGuidedContrastiveLoss(settings.sgoptTemperature());
    for (PretrainTask t : mix.tasks()) {
      if (usable.getOrDefault(t, new int[0]).length == 0) {
        throw new IllegalArgumentException("task " + t + " finds no page it can use in corpus " + corpus.name());
      }
      if (t.isPair() && !sources.containsKey(t)) {
        throw new IllegalArgumentException("no generator for task " + t);
      }
    }
    String queryText = model.encoder().recipe().queryPrefix();
    String passageText = model.encoder().recipe().passagePrefix();
    this.queryPrefix = queryText.isEmpty() ? new long[0] : pieces.ids(queryText);
    this.passagePrefix = passageText.isEmpty() ? new long[0] : pieces.ids(passageText);
  }

  @Override
  public PretrainModel model() {
    return model;
  }

  @Override
  public void beginStep(long step) {
    this.step = step;
    this.position = 0;
    if (model.momentum() != null) {
      model.momentum().update(model.encoder());
    }
  }

  @Override
  public Map<String, Double> lastTerms() {
    return terms;
  }

  /** One example of a batch: its task, and its pair or its passage. */
  record Item(PretrainTask task, Pair pair, String passage, Random random) {}

  /**
   * The generator of the example at {@code position} of step {@code step}, seeded through SplitMix64's finaliser
   * (Steele, Lea and Flood, OOPSLA 2014): {@link Random}'s first draw from nearby seeds is nearly the same (seeds one
   * apart move it by about 1e-4), so seeding it with (seed, step, position) directly gave every example of a batch the
   * same task.
   */
  static Random random(long seed, long step, int position) {
    return new Random(mix(mix(mix(seed) + step) + position));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The examples of a micro-batch: a task each, and its pair or passage, from its page (or a usable one). */
  List<Item> items(List<BatchSampler.Sample> part) {
    List<Item> items = new ArrayList<>();
    for (BatchSampler.Sample sample : part) {
      Random random = random(settings.seed(), step, position++);
      PretrainTask task = mix.draw(random);
      int page = Integer.parseInt(sample.example().queryId());
      int[] pages = usable.get(task);
      if (Arrays.binarySearch(pages, page) < 0) {
        page = pages[random.nextInt(pages.length)];
      }
      if (task.isPair()) {
        items.add(new Item(task, sources.get(task).pair(corpus, page, random), null, random));
      } else {
        items.add(new Item(task, null, passage(corpus.page(page), random), random));
      }
    }
    return items;
  }

  /** A paragraph of the page as a passage (with its title), drawn among its non-blank ones. */
  static String passage(PageCorpus.Page page, Random random) {
    List<String> texts = new ArrayList<>();
    for (PageCorpus.Paragraph p : page.paragraphs()) {
      if (!p.text().isBlank()) {
        texts.add(p.text());
      }
    }
    return page.passage(texts.isEmpty() ? "" : texts.get(random.nextInt(texts.size())));
  }

  @Override
  public NDArray loss(NDManager step, List<BatchSampler.Sample> part) {
    terms.clear();
    List<Item> items = items(part);
    List<Item> pairs = items.stream().filter(i -> i.task().isPair()).toList();
    List<Item> sgopt = items.stream().filter(i -> i.task() == PretrainTask.SGOPT).toList();
    List<Item> retromae = items.stream().filter(i -> i.task() == PretrainTask.RETROMAE).toList();
    NDArray total = null;
    if (!pairs.isEmpty()) {
      NDArray loss = pairLoss(step, pairs);
      terms.put("contrastive", (double) loss.getFloat());
      total = add(total, share(loss, pairs.size(), items.size()));
    }
    if (!sgopt.isEmpty()) {
      NDArray loss = sgoptLoss(step, sgopt);
      total = add(total, share(loss, sgopt.size(), items.size()));
    }
    if (!retromae.isEmpty()) {
      NDArray loss = retromaeLoss(step, retromae);
      total = add(total, share(loss, retromae.size(), items.size()));
    }
    return total;
  }

  private static NDArray add(NDArray total, NDArray term) {
    return total == null ? term : total.add(term);
  }

  private static NDArray share(NDArray loss, int part, int all) {
    return part == all ? loss : loss.mul(Scalars.of(loss, (double) part / all));
  }

  private NDArray pairLoss(NDManager step, List<Item> pairs) {
    BertEncoder encoder = model.encoder();
    TextTokenizer.Tokens[] queries = new TextTokenizer.Tokens[pairs.size()];
    TextTokenizer.Tokens[] positives = new TextTokenizer.Tokens[pairs.size()];
    List<Integer> texts = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i).pair();
      if (p.isTokens()) {
        // both crops are read as the passages they come from, each side with its recipe's prefix
        queries[i] = wrap(p.queryTokens(), queryPrefix, settings.passageLength());
        positives[i] = wrap(p.positiveTokens(), passagePrefix, settings.passageLength());
      } else {
        texts.add(i);
      }
    }
    if (!texts.isEmpty()) {
      List<TextTokenizer.Tokens> q = encoder.tokenizeQueries(texts.stream().map(i -> pairs.get(i).pair().query())
          .toList());
      List<TextTokenizer.Tokens> d = encoder.tokenizePassages(texts.stream().map(i -> pairs.get(i).pair().positive())
          .toList());
      for (int j = 0; j < texts.size(); j++) {
        queries[texts.get(j)] = q.get(j);
        positives[texts.get(j)] = d.get(j);
      }
    }
    NDArray q = encoder.forward(step, Arrays.asList(queries), true);
    MomentumEncoder momentum = model.momentum();
    NDArray k = momentum != null ? momentum.keys(step, Arrays.asList(positives))
        : encoder.forward(step, Arrays.asList(positives), true);
    MocoQueue queue = model.queue();
    NDArray negatives = queue == null ? null : queue.asArray(step);
    NDArray loss = contrast.compute(step, q, k, negatives);
    if (queue != null) {
      float[] flat = k.toFloatArray();
      int dim = (int) k.getShape().get(1);
      float[][] keys = new float[pairs.size()][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
      }
      queue.enqueue(keys);
    }
    return loss;
  }

  /** {@code [CLS] prefix ids [SEP]}, the ids cut to fit {@code limit} tokens. */
  TextTokenizer.Tokens wrap(long[] ids, long[] prefix, int limit) {
    int room = Math.max(1, limit - 2 - prefix.length);
    int kept = Math.min(room, ids.length);
    long[] out = new long[kept + prefix.length + 2];
    out[0] = pieces.cls();
    System.arraycopy(prefix, 0, out, 1, prefix.length);
    System.arraycopy(ids, 0, out, 1 + prefix.length, kept);
    out[out.length - 1] = pieces.sep();
    return new TextTokenizer.Tokens(out, new long[out.length], kept < ids.length);
  }

  private NDArray sgoptLoss(NDManager step, List<Item> items) {
    BertEncoder encoder = model.encoder();
    List<TextTokenizer.Tokens> tokens = encoder.tokenizePassages(items.stream().map(Item::passage).toList());
    NDArray anchors = model.projection().apply(encoder.forward(step, tokens, true));
    List<NDArray> states = model.frozen().layerStates(step, tokens, true, false);
    NDArray mask = mask(step, tokens).expandDims(2);
    NDArray counts = mask.sum(new int[] {1});
    NDList pooled = new NDList();
    for (int layer = 1; layer < states.size(); layer++) {
      pooled.add(states.get(layer).mul(mask).sum(new int[] {1}).div(counts));
    }
    int b = tokens.size();
    int layers = pooled.size();
    int hidden = encoder.config().hidden();
    NDArray stacked = NDArrays.stack(pooled, 1).reshape(b * layers, hidden);
    NDArray projected = model.projection().apply(stacked).reshape(b, layers, hidden);
    NDArray contrastive = selfGuided.compute(step, anchors, projected);
    NDArray regulariser = distance.compute(step, encoder.parameters(), model.frozen().parameters());
    terms.put("sgopt", (double) contrastive.getFloat());
    terms.put("sgopt_distance", (double) regulariser.getFloat());
    return contrastive.add(regulariser.mul(Scalars.of(regulariser, settings.sgoptLambda())));
  }

  private NDArray retromaeLoss(NDManager step, List<Item> items) {
    BertEncoder encoder = model.encoder();
    List<TextTokenizer.Tokens> tokens = encoder.tokenizePassages(items.stream().map(Item::passage).toList());
    int b = tokens.size();
    int width = tokens.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1);
    int hidden = encoder.config().hidden();
    List<RetroMaeMasks> masks = new ArrayList<>();
    List<TextTokenizer.Tokens> masked = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      TextTokenizer.Tokens t = tokens.get(i);
      RetroMaeMasks m = RetroMaeMasks.draw(t.ids(), pieces, settings.encoderMask(), settings.decoderMask(),
          items.get(i).random());
      masks.add(m);
      masked.add(new TextTokenizer.Tokens(m.encoderIds(), t.typeIds(), t.truncated()));
    }
    NDArray states = encoder.layerStates(step, masked, false, true).get(0);
    NDArray flat = states.reshape((long) b * width, hidden);
    // the encoder's masked-language-model loss, on the masked positions only
    List<Long> rows = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      long[] l = masks.get(i).encoderLabels();
      for (int j = 0; j < l.length; j++) {
        if (l[j] >= 0) {
          rows.add((long) i * width + j);
          labels.add(l[j]);
        }
      }
    }
    NDArray encoderLoss = mlmLoss.compute(step, model.mlm().logits(step, gather(step, flat, rows)),
        labels.stream().mapToLong(Long::longValue).toArray());
    // the sentence embedding: the recipe's pooling of the last layer, not normalised
    NDArray embedding;
    if (encoder.recipe().pooling() == Pooling.CLS) {
      embedding = states.get(new NDIndex(":, 0, :"));
    } else {
      NDArray m = mask(step, masked).expandDims(2);
      embedding = states.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }
    NDArray sentence = embedding.expandDims(1);
    // the content stream: the passage's own token embeddings, position 0 replaced by the sentence embedding
    long[] ids = new long[b * width];
    long[] types = new long[b * width];
    float[] visible = new float[b * width * width];
    List<Long> decoderRows = new ArrayList<>();
    List<Long> decoderLabels = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      TextTokenizer.Tokens t = tokens.get(i);
      System.arraycopy(t.ids(), 0, ids, i * width, t.length());
      System.arraycopy(t.typeIds(), 0, types, i * width, t.length());
      RetroMaeMasks m = masks.get(i);
      for (int r = 0; r < t.length(); r++) {
        for (int c = 0; c < t.length(); c++) {
          visible[(i * width + r) * width + c] = m.visible()[r][c] ? 1f : 0f;
        }
        if (m.decoderLabels()[r] >= 0) {
          decoderRows.add((long) i * width + r);
          decoderLabels.add(m.decoderLabels()[r]);
        }
      }
    }
    Map<String, NDArray> p = encoder.parameters();
    Shape shape = new Shape(b, width);
    NDArray positions = step.arange(0, width, 1, DataType.INT64).reshape(1, width);
    NDArray positionEmbeddings = table(positions, p.get("embeddings.position_embeddings.weight"));
    NDArray embedded = table(step.create(ids, shape), p.get("embeddings.word_embeddings.weight"))
        .add(positionEmbeddings)
        .add(table(step.create(types, shape), p.get("embeddings.token_type_embeddings.weight")));
    embedded = LayerNorm.layerNorm(embedded, new Shape(hidden), p.get("embeddings.LayerNorm.weight"),
        p.get("embeddings.LayerNorm.bias"), (float) encoder.config().layerNormEps()).singletonOrThrow();
    if (settings.dropout() > 0) {
      embedded = Dropout.dropout(embedded, settings.dropout(), true).singletonOrThrow();
    }
    NDArray content = width == 1 ? sentence
        : NDArrays.concat(new NDList(sentence, embedded.get(new NDIndex(":, 1:, :"))), 1);
    // the query stream: the sentence embedding plus each position's embedding
    NDArray query = positionEmbeddings.add(sentence);
    NDArray decoded = model.decoder().forward(step, query, content,
        step.create(visible, new Shape(b, width, width)), true);
    NDArray decoderLoss = mlmLoss.compute(step, model.mlm().logits(step,
        gather(step, decoded.reshape((long) b * width, hidden), decoderRows)),
        decoderLabels.stream().mapToLong(Long::longValue).toArray());
    terms.put("encoder_mlm", (double) encoderLoss.getFloat());
    terms.put("decoder_mlm", (double) decoderLoss.getFloat());
    return encoderLoss.add(decoderLoss);
  }

  /** Rows of {@code table} ([N, H]), differentiably: an embedding lookup whose table is the states. */
  private static NDArray gather(NDManager step, NDArray table, List<Long> rows) {
    long[] index = rows.stream().mapToLong(Long::longValue).toArray();
    return Embedding.embedding(step.create(index, new Shape(index.length)), table, SparseFormat.DENSE)
        .singletonOrThrow();
  }

  private static NDArray table(NDArray ids, NDArray weights) {
    return Embedding.embedding(ids, weights, SparseFormat.DENSE).singletonOrThrow();
  }

  /** [B, W]: 1 for tokens, 0 for padding, each text padded to the batch's longest. */
  private static NDArray mask(NDManager step, List<TextTokenizer.Tokens> tokens) {
    int width = tokens.stream().mapToInt(TextTokenizer.Tokens::length).max().orElse(1);
    float[] mask = new float[tokens.size() * width];
    for (int i = 0; i < tokens.size(); i++) {
      Arrays.fill(mask, i * width, i * width + tokens.get(i).length(), 1f);
    }
    return step.create(mask, new Shape(tokens.size(), width));
  }
}
