package dev.quarry.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.quarry.onnx.weights.Safetensors;
import java.util.List;
import java.util.Map;

/**
 * What a training step minimises and over which parameters: the {@link Trainer} runs the loop (batches, gradients,
 * optimizer, checkpoints) for any objective: a dual encoder's contrastive loss, distillation losses, a cross-encoder's.
 */
public interface TrainingObjective {
  /** The trainable parameters by name. */
  Map<String, NDArray> parameters();

  /** The loss of one micro-batch, recorded for gradients; intermediate arrays go to {@code step}. */
  NDArray loss(NDManager step, List<BatchSampler.Sample> batch);

  /**
   * Each term of the last {@link #loss} call by name, unweighted, for the log: which term moves the model is read
   * off the curves. Empty when the loss is a single term.
   */
  default Map<String, Double> lastTerms() {
    return Map.of();
  }

  /** The trainable state for a checkpoint, by name. */
  Map<String, Safetensors.Tensor> state();
}
