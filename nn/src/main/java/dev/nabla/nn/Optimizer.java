package dev.nabla.nn;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.OptimizerKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The common base of optimizers: parameters in one or more {@link ParamGroup}s (each with its own
 * learning rate and optionally weight decay), and per-parameter state. {@link #step()} updates
 * every parameter whose gradient is not null, in place (through the core's {@code ...InPlace}
 * methods, which bump the tensor's version counter); parameters without a gradient are skipped,
 * state and all, as in PyTorch.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (var batch : loader) {
 *   opt.zeroGrad();
 *   Losses.crossEntropy(model.forward(batch.input()), batch.labels()).backward();
 *   opt.step();
 * }
 * SafeTensors.write(Path.of("opt.safetensors"), opt.stateDict());          // checkpoint
 * opt.loadStateDict(SafeTensors.read(Path.of("opt.safetensors")));         // resume exactly
 * }</pre>
 *
 * <p>State buffers are private copies: a gradient tensor may be shared between parameters (the
 * engine can hand the same tensor to two leaves), so it is never written to or kept. The state
 * uses PyTorch's names ({@code momentum_buffer}; {@code step}, {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}), the step count as a rank-0 FLOAT64 tensor, as {@code torch.optim} does.
 *
 * <p><b>Subnormal numbers.</b> When gradients become tiny (|g| &lt; {@link Float#MIN_NORMAL}), the
 * state buffers follow them into the subnormal range and, decaying by β per step, stay there for
 * thousands of steps; many CPUs compute on subnormal floats through a slow path (on Intel cores
 * ~100 cycles per operation), and Java cannot set the flush-to-zero mode that {@code
 * torch.set_flush_denormal} sets. {@link #flushDenormals(boolean)} does it in software for the
 * optimizer: each gradient is read with its subnormal values taken as 0 (a flushed copy; the
 * gradient itself is not changed), and after each update every state buffer has its subnormal
 * values set to 0 — what a CPU in flush-to-zero mode would store. Off by default, so results
 * equal PyTorch's default bit for bit. It is not free (a copy of each gradient and a scan of
 * each buffer per step; {@code SubnormalBenchmark} measures it, figures in
 * {@code benchmarks/RESULTS.md}): turn it on where subnormals are measured to be slow (Intel
 * CPUs, long runs whose gradients vanish).
 */
public abstract class Optimizer {
  private final String name;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final List<Variable> params = new ArrayList<>();
  private final List<Integer> groupOf = new ArrayList<>();
  private final List<Map<String, Tensor>> state = new ArrayList<>();
  private boolean flushDenormals;
  private double defaultLr;

  /**
   * @throws NullPointerException if {@code params} is null
   * @throws IllegalArgumentException if {@code params} is empty, contains a parameter twice or a
   *     null, a variable that is not a trainable leaf or a view that cannot be written in place, or
   *     if {@code lr} is negative or not finite
   */
  protected Optimizer(String name, List<Variable> params, double lr) {
    this.name = name;
    Objects.requireNonNull(params, "params");
    add(params, lr);
    defaultLr = lr;
  }

  /**
   * Adds a group of parameters (PyTorch's {@code add_param_group}) with the optimizer's default
   * rate (the constructor's, or the last {@link #setLr}; not what a scheduler set, as in PyTorch)
   * and the optimizer's weight decay; set its own with the returned group's setters.
   *
   * <pre>{@code opt.addParamGroup(head.parameters()).setLr(1e-2).weightDecay(0);}</pre>
   *
   * @throws IllegalArgumentException as the constructor, and if a parameter is already in a group
   */
  public ParamGroup addParamGroup(List<Variable> params) {
    Objects.requireNonNull(params, "params");
    return add(params, defaultLr);
  }

  private ParamGroup add(List<Variable> list, double lr) {
    if (list.isEmpty())
      throw new IllegalArgumentException(name + ": got an empty parameter list (does the model have parameters?)");
    IdentityHashMap<Variable, Integer> seen = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) seen.put(params.get(i), i);
    for (int j = 0; j < list.size(); j++) {
      int i = params.size() + j;
      Variable p = list.get(j);
      if (p == null) throw new IllegalArgumentException(name + ": parameter " + i + " is null");
      Integer first = seen.put(p, i);
      if (first != null)
        throw new IllegalArgumentException(name + ": parameters " + first + " and " + i + " are the same variable");
      if (!p.isLeaf() || !p.requiresGrad())
        throw new IllegalArgumentException(name + ": parameter " + i + " of shape " + p.shape()
            + " is not a trainable leaf (Variable.parameter)");
      if (!p.value().isWritableInPlace())
        throw new IllegalArgumentException(name + ": parameter " + i + " of shape " + p.shape()
            + " is a view into other storage; optimizers update in place, so copy it into a tensor of its own");
    }
    ParamGroup g = new ParamGroup(name, list, lr);
    for (Variable p : list) {
      params.add(p);
      groupOf.add(groups.size());
      state.add(new TreeMap<>());
    }
    groups.add(g);
    return g;
  }

  /** Every parameter of every group, in group order. */
  public List<Variable> parameters() {
    return Collections.unmodifiableList(params);
  }

  /** The parameter groups; the first holds the constructor's parameters. */
  public List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** The first group's learning rate (the only one, unless groups were added). */
  public double lr() {
    return groups.get(0).lr();
  }

  /** Sets the learning rate of every group, and the default for groups added later; finite, ≥ 0. */
  public Optimizer setLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr))
      throw new IllegalArgumentException(name + ": learning rate must be finite and >= 0, got " + lr);
    for (ParamGroup g : groups) g.setLr(lr);
    defaultLr = lr;
    return this;
  }

  /**
   * Treats subnormal values (0 &lt; |x| &lt; the dtype's smallest normal number) as 0 in
   * gradients and state buffers, like a CPU in flush-to-zero mode ({@code torch.set_flush_denormal});
   * see the class comment. Default off.
   */
  public Optimizer flushDenormals(boolean on) {
    flushDenormals = on;
    return this;
  }

  /** Whether {@link #flushDenormals(boolean)} is on. */
  public boolean isFlushingDenormals() {
    return flushDenormals;
  }

  /** Clears every parameter's gradient (to null, like PyTorch's {@code set_to_none=True}). */
  public void zeroGrad() {
    for (Variable p : params) p.zeroGrad();
  }

  /** One update of every parameter that has a gradient. */
  public void step() {
    validate();
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      Tensor g = p.grad();
      if (g == null) continue;
      if (flushDenormals) g = OptimizerKernels.flushSubnormalsInPlace(copyOf(g)); // the gradient is read-only: flush a copy
      update(i, p.value(), g);
      if (flushDenormals)
        for (Map.Entry<String, Tensor> e : state.get(i).entrySet())
          if (!e.getKey().equals("step")) OptimizerKernels.flushSubnormalsInPlace(e.getValue());
    }
  }

  /** Checks the hyper-parameters before a step (they may be changed between steps). */
  protected void validate() {}

  /** Updates parameter {@code index}, whose value is {@code theta}, given its gradient (read-only). */
  protected abstract void update(int index, Tensor theta, Tensor grad);

  /** The group parameter {@code index} belongs to (its learning rate and weight decay). */
  protected final ParamGroup groupOf(int index) {
    return groups.get(groupOf.get(index));
  }

  /** Parameter {@code index}'s state buffer {@code key}, or null before its first update. */
  protected final Tensor state(int index, String key) {
    return state.get(index).get(key);
  }

  /** Sets parameter {@code index}'s state buffer {@code key} (a tensor the optimizer owns). */
  protected final void putState(int index, String key, Tensor value) {
    state.get(index).put(key, value);
  }

  /** The optimizer's name, for messages. */
  protected String name() {
    return name;
  }

  /** A private dense copy of {@code t}, for a state buffer. */
  protected static Tensor copyOf(Tensor t) {
    return Tensor.zeros(t.dtype(), t.shape()).copyInPlace(t);
  }

  /** Refuses a negative or non-finite hyper-parameter {@code what} of optimizer {@code owner}. */
  static void requireNonNegative(String owner, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v))
      throw new IllegalArgumentException(owner + ": " + what + " must be finite and >= 0, got " + v);
  }

  // ---------------------------------------------------------------- state dict

  /**
   * A snapshot of everything a resumed run needs, as tensors (so {@code SafeTensors.write} saves
   * it): each parameter's buffers as {@code state.<i>.<buffer>} (copies; i counts parameters
   * across groups), and per group g {@code param_groups.<g>.lr} (rank 0), {@code
   * param_groups.<g>.params} (the parameter indices, FLOAT64) and, when the group overrides it,
   * {@code param_groups.<g>.weight_decay}, all FLOAT64. The other hyper-parameters (the options:
   * momentum, betas, …) are code, not state: build the optimizer the same way before loading.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++)
      for (Map.Entry<String, Tensor> e : state.get(i).entrySet())
        out.put("state." + i + "." + e.getKey(), copyOf(e.getValue()));
    int first = 0;
    for (int g = 0; g < groups.size(); g++) {
      ParamGroup group = groups.get(g);
      out.put("param_groups." + g + ".lr", Tensor.scalar(group.lr()));
      if (group.hasWeightDecay()) out.put("param_groups." + g + ".weight_decay", Tensor.scalar(group.weightDecayOr(0)));
      int n = group.parameters().size();
      out.put("param_groups." + g + ".params", Tensor.arange(DType.FLOAT64, first, first + n, 1));
      first += n;
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Restores a {@link #stateDict()} of an optimizer with the same groups of parameters of the
   * same shapes: buffers (copied), step counts, group rates and weight decays. All or nothing:
   * every check runs before the first change.
   *
   * @throws IllegalArgumentException naming the first mismatch (unknown name, group structure,
   *     shape or dtype); the optimizer is then unchanged
   */
  public void loadStateDict(Map<String, Tensor> dict) {
    Objects.requireNonNull(dict, "dict");
    String problem = checkStateDict(dict);
    if (problem != null) throw new IllegalArgumentException(name + ".loadStateDict: " + problem);
    for (Map<String, Tensor> s : state) s.clear();
    for (Map.Entry<String, Tensor> e : dict.entrySet()) {
      String[] k = e.getKey().split("\\.", 3);
      if (k[0].equals("state")) state.get(Integer.parseInt(k[1])).put(k[2], copyOf(e.getValue()));
    }
    for (int g = 0; g < groups.size(); g++) {
      groups.get(g).setLr(dict.get("param_groups." + g + ".lr").item());
      Tensor wd = dict.get("param_groups." + g + ".weight_decay");
      if (wd != null) groups.get(g).weightDecay(wd.item());
    }
  }

  private String checkStateDict(Map<String, Tensor> dict) {
    int first = 0;
    for (int g = 0; g < groups.size(); g++) {
      int n = groups.get(g).parameters().size();
      Tensor ids = dict.get("param_groups." + g + ".params"), lr = dict.get("param_groups." + g + ".lr");
      if (ids == null || lr == null) return "missing param_groups." + g + " (this optimizer has " + groups.size()
          + " groups)";
      if (!ids.shape().equals(Shape.of(n)) || !ids.allClose(Tensor.arange(DType.FLOAT64, first, first + n, 1), 0, 0))
        return "param_groups." + g + ".params is " + ids.shape() + " " + ids + ", this optimizer's group " + g
            + " holds parameters " + first + ".." + (first + n - 1);
      if (lr.rank() != 0 || !(lr.item() >= 0) || Double.isInfinite(lr.item()))
        return "param_groups." + g + ".lr must be a finite rank-0 value >= 0, got " + lr.shape() + " " + lr;
      Tensor wd = dict.get("param_groups." + g + ".weight_decay");
      if (wd != null && (wd.rank() != 0 || !(wd.item() >= 0) || Double.isInfinite(wd.item())))
        return "param_groups." + g + ".weight_decay must be a finite rank-0 value >= 0, got " + wd.shape() + " " + wd;
      first += n;
    }
    for (Map.Entry<String, Tensor> e : dict.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "key");
      Tensor t = Objects.requireNonNull(e.getValue(), key);
      String[] k = key.split("\\.", 3);
      if (k.length == 3 && k[0].equals("param_groups") && index(k[1], groups.size()) >= 0
          && (k[2].equals("lr") || k[2].equals("params") || k[2].equals("weight_decay")))
        continue;
      if (k.length != 3 || !k[0].equals("state") || index(k[1], params.size()) < 0 || !stateKey(k[2]))
        return "unexpected entry \"" + key + "\" (expected state.<i>.<buffer> for i < " + params.size()
            + " and param_groups.<g>.lr/params/weight_decay for g < " + groups.size() + ")";
      Variable p = params.get(index(k[1], params.size()));
      boolean isStep = k[2].equals("step");
      Shape want = isStep ? Shape.scalar() : p.shape();
      DType dtype = isStep ? DType.FLOAT64 : p.dtype();
      if (!t.shape().equals(want) || t.dtype() != dtype)
        return "\"" + key + "\" is " + t.dtype() + " " + t.shape() + " but parameter " + k[1] + " needs " + dtype
            + " " + want;
    }
    return null;
  }

  private static int index(String s, int bound) {
    if (!s.matches("\\d{1,9}")) return -1;
    int i = Integer.parseInt(s);
    return i < bound ? i : -1;
  }

  /** Whether {@code key} names one of this optimizer's per-parameter buffers. */
  protected abstract boolean stateKey(String key);
}
