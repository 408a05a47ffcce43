package dev.nabla.nn;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Shape;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A building block of a model: a function {@link #forward(Variable)} with named trainable
 * parameters and child modules, like PyTorch's {@code nn.Module}.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 10, rng));
 * model.namedParameters().keySet();   // [0.weight, 0.bias, 2.weight, 2.bias]
 * Variable logits = model.forward(Variable.constant(batch));
 * model.save(Path.of("mlp.safetensors"));   // loads in PyTorch: model.load_state_dict(load_file(...))
 * }</pre>
 *
 * <p>A subclass registers its parameters with {@link #registerParameter}, its buffers (state that is saved
 * but not trained, like batch norm's running statistics) with {@link #registerBuffer}, and its children with
 * {@link #registerModule} in its constructor; names follow PyTorch's {@code state_dict}: a child's
 * parameters and buffers get the child's name and a dot as prefix ({@code 0.weight}, {@code 1.running_mean}).
 * {@link #parameters()} holds no buffer, so an optimizer never touches one; {@link #stateDict()},
 * {@link #save} and {@link #load} carry both.
 *
 * <p>Modules start in training mode; {@link #eval()} switches the whole tree (it matters for
 * {@link Dropout}).
 */
public abstract class Module {
  private final Map<String, Variable> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  /** Buffers that a state to load may lack and may hold in another dtype (a counter, e.g. num_batches_tracked). */
  private final java.util.Set<String> optionalBuffers = new java.util.HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** Applies the module to {@code x}. */
  public abstract Variable forward(Variable x);

  /**
   * Inference: {@link #forward(Variable)} on {@code x} with gradient recording off ({@code
   * Grad.disabled()}), returning the output tensor. The mode is left as it is: call {@link
   * #eval()} first for modules that behave differently in training ({@link Dropout}).
   *
   * <pre>{@code int[] classes = model.eval().predict(images).argmaxIndices();}</pre>
   */
  public Tensor predict(Tensor x) {
    Objects.requireNonNull(x, "x");
    try (Grad.Scope off = Grad.disabled()) {
      return forward(Variable.constant(x)).value();
    }
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers a trainable parameter initialised with a private, dense copy of {@code init}, and
   * returns it. Names may not contain a dot.
   */
  protected final Variable registerParameter(String name, Tensor init) {
    Objects.requireNonNull(init, "init");
    Tensor copy = Tensor.zeros(init.dtype(), init.shape()).copyInPlace(init);
    return registerParameter(name, Variable.parameter(copy));
  }

  /**
   * Registers an existing parameter (a leaf that requires grad, e.g. one shared with another
   * module or built by a gradient check) and returns it. Optimizers and {@link #load} write into
   * its value in place, so it must be a dense tensor (as {@code Tensor.of}, {@code zeros},
   * {@code randn} and friends make), not a view.
   */
  protected final Variable registerParameter(String name, Variable p) {
    Objects.requireNonNull(p, "p");
    checkName("parameter", name);
    if (!p.isLeaf() || !p.requiresGrad())
      throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter \"" + name
          + "\" must be a leaf that requires grad (Variable.parameter), got " + (p.isLeaf() ? "a constant" : "op "
          + p.opName()));
    if (!p.value().isContiguous())
      throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter \"" + name + "\" of shape "
          + p.shape() + " is a strided view; optimizers update parameters in place and need dense tensors");
    params.put(name, p);
    return p;
  }

  /**
   * Registers a buffer: a tensor of state that is saved and loaded with the parameters but is not one
   * ({@link #parameters()} leaves it out, so optimizers and gradients never touch it), like batch norm's
   * {@code running_mean}. Stores a private, dense copy of {@code init} and returns it; the module updates it
   * in place (the public in-place family, e.g. {@code mulInPlace}, {@code addScaledInPlace}, {@code copyInPlace}),
   * and {@link #load} writes into it. Names may not contain a dot.
   */
  protected final Tensor registerBuffer(String name, Tensor init) {
    return registerBuffer(name, init, true);
  }

  /**
   * {@link #registerBuffer(String, Tensor)}; a buffer that is not {@code requiredOnLoad} (a counter such as
   * batch norm's {@code num_batches_tracked}) is read if present: a state without it loads, even in strict
   * mode, and a value of another dtype is converted to the buffer's.
   */
  protected final Tensor registerBuffer(String name, Tensor init, boolean requiredOnLoad) {
    Objects.requireNonNull(init, "init");
    checkName("buffer", name);
    Tensor copy = Tensor.zeros(init.dtype(), init.shape()).copyInPlace(init);
    buffers.put(name, copy);
    if (!requiredOnLoad) optionalBuffers.add(name);
    return copy;
  }

  /** Registers a child module and returns it. Names may not contain a dot. */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName("module", name);
    if (module == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": module \"" + name + "\" is null");
    children.put(name, module);
    module.train(training);
    return module;
  }

  private void checkName(String what, String name) {
    if (name == null || name.isEmpty() || name.contains("."))
      throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid " + what + " name \"" + name
          + "\" (must be non-empty, without '.')");
    if (params.containsKey(name) || children.containsKey(name) || buffers.containsKey(name))
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name \"" + name + "\" is already registered");
  }

  // ---------------------------------------------------------------- parameters

  /**
   * Every parameter of this module and its descendants with its {@code state_dict} name, in
   * registration order (own parameters first, then each child's). A parameter shared by two
   * modules appears under both names.
   */
  public Map<String, Variable> namedParameters() {
    Map<String, Variable> out = new LinkedHashMap<>();
    collect("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collect(String prefix, Map<String, Variable> out) {
    for (Map.Entry<String, Variable> e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue());
    for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out);
  }

  /** The parameters in {@link #namedParameters()} order, each once (shared ones are not repeated). */
  public List<Variable> parameters() {
    IdentityHashMap<Variable, Boolean> seen = new IdentityHashMap<>();
    List<Variable> out = new ArrayList<>();
    for (Variable v : namedParameters().values()) if (seen.put(v, Boolean.TRUE) == null) out.add(v);
    return Collections.unmodifiableList(out);
  }

  /**
   * Every buffer of this module and its descendants with its {@code state_dict} name ({@code 1.running_mean}),
   * own buffers first, then each child's: the tensors themselves, which the modules update in place.
   */
  public Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collectBuffers("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collectBuffers(String prefix, Map<String, Tensor> out) {
    for (Map.Entry<String, Tensor> e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
    for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collectBuffers(prefix + e.getKey() + ".", out);
  }

  /** The buffers in {@link #namedBuffers()} order, each once. */
  public List<Tensor> buffers() {
    IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : namedBuffers().values()) if (seen.put(t, Boolean.TRUE) == null) out.add(t);
    return Collections.unmodifiableList(out);
  }

  /** The direct children, by name, in registration order. */
  public Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** The total number of parameter elements (shared parameters counted once). */
  public long parameterCount() {
    long n = 0;
    for (Variable v : parameters()) n += v.size();
    return n;
  }

  /** Clears the gradient of every parameter. */
  public void zeroGrad() {
    for (Variable v : parameters()) v.zeroGrad();
  }

  // ---------------------------------------------------------------- mode

  /**
   * Training mode for this module and all descendants; returns this. The library's containers and
   * layers ({@link Sequential}, {@link Linear}) override the mode methods to return their own
   * type, so {@code model.eval().predict(x)} and {@code var m = new Sequential(...).eval()} keep
   * the type; a subclass of yours can do the same with a covariant override.
   */
  public Module train() {
    return train(true);
  }

  /** Sets training ({@code true}) or evaluation mode for this module and all descendants. */
  public Module train(boolean on) {
    training = on;
    for (Module m : children.values()) m.train(on);
    return this;
  }

  /** Evaluation mode for this module and all descendants ({@link Dropout} becomes the identity). */
  public Module eval() {
    return train(false);
  }

  /** Whether this module is in training mode. */
  public boolean isTraining() {
    return training;
  }

  // ---------------------------------------------------------------- state

  /**
   * The parameter and buffer values by {@code state_dict} name (the tensors themselves, not copies), in
   * PyTorch's order: each module's parameters, then its buffers, then its children's.
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Target> e : targets().entrySet()) out.put(e.getKey(), e.getValue().value());
    return Collections.unmodifiableMap(out);
  }

  /** What a state is loaded into: a parameter's value or a buffer, and whether it may be absent. */
  private record Target(Tensor value, boolean buffer, boolean optional) {
    String kind() {
      return buffer ? "buffer" : "parameter";
    }
  }

  /** Parameters and buffers by state_dict name, in {@link #stateDict()} order. */
  private Map<String, Target> targets() {
    Map<String, Target> out = new LinkedHashMap<>();
    collectTargets("", out);
    return out;
  }

  private void collectTargets(String prefix, Map<String, Target> out) {
    for (Map.Entry<String, Variable> e : params.entrySet())
      out.put(prefix + e.getKey(), new Target(e.getValue().value(), false, false));
    for (Map.Entry<String, Tensor> e : buffers.entrySet())
      out.put(prefix + e.getKey(), new Target(e.getValue(), true, optionalBuffers.contains(e.getKey())));
    for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collectTargets(prefix + e.getKey() + ".", out);
  }

  /** Writes a loaded tensor into its target, converting the dtype of an optional buffer. */
  private static void copyInto(Target target, Tensor t) {
    target.value().copyInPlace(target.optional() && t.dtype() != target.value().dtype() ? t.toType(target.value().dtype())
        : t);
  }

  /**
   * Copies {@code state} into the parameters and buffers, in place, all or nothing: every check runs
   * before the first write. With {@code strict} (PyTorch's default), every parameter and buffer must be
   * present (except an optional buffer such as {@code num_batches_tracked}, read if present) and no other
   * name may appear; otherwise missing and unknown names are skipped. Dtypes and shapes must always match
   * exactly (an optional buffer's dtype is converted).
   *
   * @throws IllegalArgumentException naming the first mismatch; the model is then unchanged
   */
  public void loadStateDict(Map<String, Tensor> state, boolean strict) {
    Objects.requireNonNull(state, "state");
    Map<String, Target> named = targets();
    String problem = check(named, state.keySet(), name -> {
      Tensor t = state.get(name);
      return new Spec(SafeTensors.code(t.dtype()), t.dtype(), t.shape());
    }, strict);
    if (problem != null) throw new IllegalArgumentException("loadStateDict: " + problem);
    for (Map.Entry<String, Target> e : named.entrySet()) {
      Tensor t = state.get(e.getKey());
      if (t != null) copyInto(e.getValue(), t);
    }
  }

  private record Spec(String code, DType dtype, Shape shape) {}

  /** The first problem of loading {@code names} into {@code named}, or null. */
  private static String check(Map<String, Target> named, Collection<String> names, Function<String, Spec> spec,
      boolean strict) {
    if (strict) {
      for (String n : names) {
        if (named.containsKey(n)) continue;
        List<String> ps = new ArrayList<>(), bs = new ArrayList<>();
        named.forEach((k, t) -> (t.buffer() ? bs : ps).add(k));
        return "unexpected tensor \"" + n + "\": the model has no parameter " + (bs.isEmpty() ? "" : "or buffer ")
            + "of that name (parameters: " + ps + (bs.isEmpty() ? "" : ", buffers: " + bs) + ")";
      }
    }
    for (Map.Entry<String, Target> e : named.entrySet()) {
      String n = e.getKey();
      Target target = e.getValue();
      Tensor p = target.value();
      if (!names.contains(n)) {
        if (strict && !target.optional())
          return "missing " + target.kind() + " \"" + n + "\" (" + SafeTensors.code(p.dtype()) + " " + p.shape() + ")";
        continue;
      }
      Spec s = spec.apply(n);
      if (s.dtype() != p.dtype() && !target.optional())
        return "tensor \"" + n + "\" is " + s.code() + " but the " + target.kind() + " is " + SafeTensors.code(p.dtype())
            + " (" + p.dtype() + ")";
      if (!s.shape().equals(p.shape()))
        return "tensor \"" + n + "\" has shape " + s.shape() + " but the " + target.kind() + " has shape " + p.shape();
    }
    return null;
  }

  /**
   * Saves the parameters and buffers to a safetensors file under their {@code state_dict} names, in
   * {@link #stateDict()} order (a parameter shared under two names is written twice).
   * PyTorch reads it with {@code model.load_state_dict(safetensors.torch.load_file(path))}.
   */
  public void save(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    SafeTensors.write(path, stateDict(), Map.of("format", "pt"));
  }

  /** {@link #load(Path, boolean)} with {@code strict = true}, PyTorch's default. */
  public void load(Path path) throws IOException {
    load(path, true);
  }

  /**
   * Loads parameters and buffers from a safetensors file, all or nothing. The header is validated (see
   * {@link SafeTensors}), then matched against the model: each tensor's dtype and shape must equal
   * its parameter's (or buffer's), and with {@code strict} every parameter and buffer must be present (an
   * optional buffer such as {@code num_batches_tracked} is read if present) and no unknown name
   * may appear (like PyTorch's {@code load_state_dict(strict=True)}: an extra tensor usually means
   * the wrong file or architecture). Only then is the data read — so allocation is bounded by the
   * model's own size — and only when every tensor has been read are the parameters overwritten,
   * in place.
   *
   * @throws IOException saying what is wrong with the file; the model is then exactly as before
   */
  public void load(Path path, boolean strict) throws IOException {
    Objects.requireNonNull(path, "path");
    Map<String, Target> named = targets();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      SafeTensors.Header h = SafeTensors.readHeader(ch, path);
      Map<String, SafeTensors.Entry> byName = new LinkedHashMap<>();
      for (SafeTensors.Entry e : h.entries()) byName.put(e.name(), e);
      String problem = check(named, byName.keySet(), n -> {
        SafeTensors.Entry e = byName.get(n);
        return new Spec(e.code(), e.dtype(), e.shape());
      }, strict);
      if (problem != null) throw SafeTensors.bad(path, problem);
      Map<String, Tensor> values = new LinkedHashMap<>();
      ByteBuffer chunk = SafeTensors.chunk(byName.values());
      for (String n : named.keySet()) {
        SafeTensors.Entry e = byName.get(n);
        if (e != null) values.put(n, SafeTensors.readTensor(ch, h, e, path, chunk));
      }
      for (Map.Entry<String, Target> e : named.entrySet()) {
        Tensor t = values.get(e.getKey());
        if (t != null) copyInto(e.getValue(), t);
      }
    }
  }

  // ---------------------------------------------------------------- printing

  /** The module's settings for {@link #toString()}, e.g. {@code in_features=4, out_features=3}. */
  protected String extraRepr() {
    return "";
  }

  /** PyTorch-style: {@code Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=true)\n ...)}. */
  @Override
  public String toString() {
    String name = getClass().getSimpleName();
    if (children.isEmpty()) return name + "(" + extraRepr() + ")";
    StringBuilder b = new StringBuilder(name).append("(");
    if (!extraRepr().isEmpty()) b.append("\n  ").append(extraRepr());
    for (Map.Entry<String, Module> e : children.entrySet())
      b.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
    return b.append("\n)").toString();
  }
}
