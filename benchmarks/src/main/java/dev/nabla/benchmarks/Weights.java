package dev.nabla.benchmarks;

import dev.nabla.core.Tensor;
import dev.nabla.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic parameters for the model workloads (W7, W8), bit for bit what
 * {@code benchmarks/pytorch/weights.py} loads into the PyTorch twin, which has the same state_dict names
 * and shapes (Nabla's layers use PyTorch's names and layouts).
 *
 * <p>The names of the state dict, sorted (so the rule does not depend on registration order), are
 * numbered i = 0, 1, …; the tensor named i gets:
 * <ul>
 *   <li>rank ≥ 2 (a Linear, Conv2d, Embedding or attention in-projection weight [out, …]):
 *       {@code Data.uniform(seedBase + i, n, −b, b)} with b = 1/√fanIn, fanIn = n / out;
 *   <li>rank 1 whose sibling weight (the same name with its last {@code bias} replaced by {@code weight})
 *       has rank ≥ 2: the same with that weight's fan-in;
 *   <li>anything else (LayerNorm's affine weight and bias): left at its default (ones, zeros).
 * </ul>
 */
public final class Weights {
  private Weights() {}

  /** Fills {@code model}'s parameters by the rule above; returns how many tensors were drawn. */
  public static int init(Module model, long seedBase) {
    Map<String, Tensor> state = model.stateDict();
    List<String> names = new ArrayList<>(state.keySet());
    Collections.sort(names);
    Map<String, Tensor> drawn = new LinkedHashMap<>(state);
    int count = 0;
    for (int i = 0; i < names.size(); i++) {
      Tensor t = state.get(names.get(i));
      Tensor w = t.rank() >= 2 ? t : state.get(siblingWeight(names.get(i)));
      if (w == null || w.rank() < 2) continue;
      int n = (int) t.size(), out = w.shape().dim(0);
      double bound = 1.0 / Math.sqrt((double) w.size() / out);
      drawn.put(names.get(i), Tensor.of(Data.uniform(seedBase + i, n, -bound, bound), t.shape().dims()));
      count++;
    }
    model.loadStateDict(drawn, true);
    return count;
  }

  /** "a.b.bias" → "a.b.weight", "self_attn.in_proj_bias" → "self_attn.in_proj_weight"; otherwise null. */
  static String siblingWeight(String name) {
    int dot = name.lastIndexOf('.') + 1;
    String last = name.substring(dot);
    return last.endsWith("bias") ? name.substring(0, dot) + last.substring(0, last.length() - 4) + "weight" : null;
  }
}
