package dev.nabla.nn;

import static dev.nabla.nn.Fixtures.assertClose;
import static dev.nabla.nn.Fixtures.doubles;
import static dev.nabla.nn.Fixtures.map;
import static dev.nabla.nn.Fixtures.num;
import static dev.nabla.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * 20-step trajectories of a tiny linear model (W [2, 3], b [2], MSE on 6 samples) under each
 * optimizer configuration, against torch.optim in FLOAT64 (fixtures/optim.json): SGD plain, with
 * momentum, dampening, Nesterov, weight decay, and all together; Adam plain, with β/ε/weight decay,
 * with AMSGrad, with both; AdamW plain and with AMSGrad; gradient clipping by global norm before
 * SGD; a StepLR schedule driving SGD with momentum. Also every schedule's learning rates over 20
 * steps. Required: 1e-6; asserted: 1e-9.
 */
class OptimizerFixtureTest {
  static final double TOL = 1e-9;
  static final Map<String, Object> FIX = Fixtures.json("optim.json");

  @TestFactory
  Stream<DynamicTest> trajectoriesMatchTorchOptim() {
    List<Object> cases = Fixtures.list(FIX.get("cases"));
    return cases.stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest(describe(c), () -> trajectory(c)));
  }

  private static String describe(Map<String, Object> c) {
    String s = c.get("optimizer") + " " + c.get("options");
    if (c.containsKey("clip")) s += " clip=" + c.get("clip");
    if (c.containsKey("schedule")) s += " schedule=" + c.get("schedule");
    return s;
  }

  static Optimizer optimizer(String kind, Map<String, Object> o, List<Variable> params) {
    double lr = num(o.get("lr"));
    switch (kind) {
      case "sgd": {
        SGD sgd = new SGD(params, lr);
        if (o.containsKey("momentum")) sgd.momentum(num(o.get("momentum")));
        if (o.containsKey("dampening")) sgd.dampening(num(o.get("dampening")));
        if (o.containsKey("nesterov")) sgd.nesterov((Boolean) o.get("nesterov"));
        if (o.containsKey("weightDecay")) sgd.weightDecay(num(o.get("weightDecay")));
        return sgd;
      }
      case "adam":
      case "adamw": {
        Adam.Options a = kind.equals("adam") ? Adam.DEFAULTS : AdamW.DEFAULTS;
        if (o.containsKey("beta1")) a = a.withBetas(num(o.get("beta1")), num(o.get("beta2")));
        if (o.containsKey("eps")) a = a.withEps(num(o.get("eps")));
        if (o.containsKey("weightDecay")) a = a.withWeightDecay(num(o.get("weightDecay")));
        if (o.containsKey("amsgrad")) a = a.withAmsgrad((Boolean) o.get("amsgrad"));
        return kind.equals("adam") ? new Adam(params, lr, a) : new AdamW(params, lr, a);
      }
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  static LRScheduler schedule(Map<String, Object> s, Optimizer opt) {
    return switch ((String) s.get("kind")) {
      case "step" -> new StepLR(opt, (int) num(s.get("stepSize")), num(s.get("gamma")));
      case "exponential" -> new ExponentialLR(opt, num(s.get("gamma")));
      case "cosine" -> new CosineAnnealingLR(opt, (int) num(s.get("tMax")), num(s.get("etaMin")));
      case "linear" -> new LinearLR(opt, num(s.get("startFactor")), num(s.get("endFactor")),
          (int) num(s.get("totalIters")));
      default -> throw new IllegalArgumentException(s.toString());
    };
  }

  private static void trajectory(Map<String, Object> c) {
    Variable x = Variable.constant(tensor(FIX.get("x"))), y = Variable.constant(tensor(FIX.get("y")));
    Linear model = new Linear(Variable.parameter(tensor(FIX.get("weight"))), Variable.parameter(tensor(FIX.get("bias"))));
    Optimizer opt = optimizer((String) c.get("optimizer"), map(c.get("options")), model.parameters());
    LRScheduler sched = c.containsKey("schedule") ? schedule(map(c.get("schedule")), opt) : null;
    List<Object> steps = Fixtures.list(c.get("trajectory"));
    double[] norms = c.containsKey("norms") ? doubles(c.get("norms")) : null;
    double[] lrs = c.containsKey("lrs") ? doubles(c.get("lrs")) : null;
    for (int t = 0; t < steps.size(); t++) {
      opt.zeroGrad();
      Losses.mse(model.forward(x), y).backward();
      if (norms != null) {
        double n = GradClip.clipGradNorm(model.parameters(), num(c.get("clip")));
        assertEquals(norms[t], n, TOL * Math.max(1, Math.abs(norms[t])), "total norm at step " + (t + 1));
      }
      if (lrs != null) assertEquals(lrs[t], opt.lr(), TOL, "lr at step " + (t + 1));
      opt.step();
      if (sched != null) sched.step();
      Map<String, Object> want = map(steps.get(t));
      Tensor w = Tensor.of(doubles(want.get("weight"))).reshape(2, 3), b = Tensor.of(doubles(want.get("bias")));
      assertClose(w, model.weight().value(), TOL, TOL, "weight after step " + (t + 1));
      assertClose(b, model.bias().value(), TOL, TOL, "bias after step " + (t + 1));
    }
  }

  @TestFactory
  Stream<DynamicTest> schedulesMatchTorchLrScheduler() {
    List<Object> cases = Fixtures.list(FIX.get("schedules"));
    return cases.stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest("schedule " + c.get("schedule"), () -> {
      Variable p = Variable.parameter(Tensor.zeros(dev.nabla.core.DType.FLOAT64, 1));
      SGD opt = new SGD(List.of(p), num(c.get("baseLr")));
      LRScheduler s = schedule(map(c.get("schedule")), opt);
      double[] want = doubles(c.get("lrs"));
      assertEquals(want[0], opt.lr(), 1e-12, "lr at epoch 0");
      for (int t = 1; t < want.length; t++) {
        s.step();
        assertEquals(t, s.lastEpoch());
        assertEquals(want[t], opt.lr(), 1e-12, "lr at epoch " + t);
        assertEquals(want[t], s.lastLr(), 1e-12);
      }
    }));
  }
}
