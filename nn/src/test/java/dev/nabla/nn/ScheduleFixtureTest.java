package dev.nabla.nn;

import static dev.nabla.nn.Fixtures.assertClose;
import static dev.nabla.nn.Fixtures.doubles;
import static dev.nabla.nn.Fixtures.list;
import static dev.nabla.nn.Fixtures.map;
import static dev.nabla.nn.Fixtures.num;
import static dev.nabla.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.autodiff.Variable;
import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * OneCycleLR (rates and momenta), ReduceLROnPlateau (two groups, a fixed metric sequence) and
 * parameter-group trajectories of SGD/Adam/AdamW (own rate and weight decay per group, a StepLR over
 * two groups) against torch.optim 1.13 in FLOAT64 (fixtures/schedules.json, written by
 * make_schedule_fixtures.py).
 */
class ScheduleFixtureTest {
  static final Map<String, Object> FIX = Fixtures.json("schedules.json");
  static final Map<String, Object> PROBLEM = Fixtures.json("optim.json");

  @TestFactory
  Stream<DynamicTest> oneCycleMatchesTorch() {
    return list(FIX.get("oneCycle")).stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest(
        "OneCycleLR " + c.get("optimizer") + " " + c.get("schedule"), () -> {
          Map<String, Object> s = map(c.get("schedule"));
          Variable p = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
          Optimizer opt = c.get("optimizer").equals("sgd") ? new SGD(List.of(p), 0.3).momentum(0.9)
              : new Adam(List.of(p), 0.3);
          int total = (int) num(s.get("totalSteps"));
          OneCycleLR sched = new OneCycleLR(opt, num(s.get("maxLr")), total);
          if (s.containsKey("pctStart")) sched.pctStart(num(s.get("pctStart")));
          if ("linear".equals(s.get("anneal"))) sched.anneal(OneCycleLR.Anneal.LINEAR);
          if (s.containsKey("divFactor")) sched.divFactor(num(s.get("divFactor")));
          if (s.containsKey("finalDivFactor")) sched.finalDivFactor(num(s.get("finalDivFactor")));
          if (s.containsKey("threePhase")) sched.threePhase((Boolean) s.get("threePhase"));
          if (s.containsKey("baseMomentum")) sched.momentumRange(num(s.get("baseMomentum")), num(s.get("maxMomentum")));
          if (s.containsKey("cycleMomentum")) sched.cycleMomentum((Boolean) s.get("cycleMomentum"));
          double[] lrs = doubles(c.get("lrs")), moms = doubles(c.get("momenta"));
          for (int t = 0; t <= total; t++) {
            double want = t < total ? lrs[t] : Math.max(0, lrs[t]); // past the end: PyTorch extrapolates below 0
            assertEquals(want, opt.lr(), 1e-15 + 1e-12 * Math.abs(want), "lr at step " + t);
            double m = opt instanceof SGD sgd ? sgd.options().momentum() : ((Adam) opt).options().beta1();
            assertEquals(moms[t], m, 1e-12, "momentum at step " + t);
            if (t < total) sched.step();
          }
          assertThrows(IllegalStateException.class, sched::step, "stepping past totalSteps");
        }));
  }

  @TestFactory
  Stream<DynamicTest> reduceLROnPlateauMatchesTorch() {
    double[] metrics = {1.0, 0.9, 0.85, 0.86, 0.84999, 0.87, 0.9, 0.7, 0.71, 0.72, 0.7, 0.7, 0.69995, 0.75, 0.8, 0.95,
        0.8, 0.81, 0.6, 0.6, 0.61, 0.62, 0.63, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.41, 0.42,
        0.43, 0.44, 0.45};
    return list(FIX.get("plateau")).stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest(
        "ReduceLROnPlateau " + c.get("schedule"), () -> {
          Map<String, Object> s = map(c.get("schedule"));
          Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1)), b = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
          SGD opt = new SGD(List.of(a), 0.1);
          opt.addParamGroup(List.of(b)).setLr(0.04);
          var plateau = new ReduceLROnPlateau(opt);
          if ("max".equals(s.get("mode"))) plateau.mode(ReduceLROnPlateau.Mode.MAX);
          if (s.containsKey("factor")) plateau.factor(num(s.get("factor")));
          if (s.containsKey("patience")) plateau.patience((int) num(s.get("patience")));
          if (s.containsKey("threshold")) plateau.threshold(num(s.get("threshold")), "rel".equals(s.get("thresholdMode")));
          if (s.containsKey("cooldown")) plateau.cooldown((int) num(s.get("cooldown")));
          if (s.containsKey("minLr")) plateau.minLr(num(s.get("minLr")));
          if (s.containsKey("eps")) plateau.eps(num(s.get("eps")));
          List<Object> want = list(c.get("lrs"));
          for (int t = 0; t < metrics.length; t++) {
            plateau.step(metrics[t]);
            double[] w = doubles(want.get(t));
            assertEquals(w[0], opt.paramGroups().get(0).lr(), 1e-15, "group 0 lr after epoch " + (t + 1));
            assertEquals(w[1], opt.paramGroups().get(1).lr(), 1e-15, "group 1 lr after epoch " + (t + 1));
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> parameterGroupsMatchTorch() {
    return list(FIX.get("groups")).stream().map(Fixtures::map).map(c -> DynamicTest.dynamicTest(
        "groups " + c.get("optimizer"), () -> {
          Variable x = Variable.constant(tensor(PROBLEM.get("x"))), y = Variable.constant(tensor(PROBLEM.get("y")));
          Linear model = new Linear(Variable.parameter(tensor(PROBLEM.get("weight"))),
              Variable.parameter(tensor(PROBLEM.get("bias"))));
          List<Variable> w = List.of(model.weight()), bias = List.of(model.bias());
          String kind = (String) c.get("optimizer");
          Optimizer opt;
          LRScheduler sched = null;
          switch (kind) {
            case "sgd" -> {
              opt = new SGD(w, 0.1).momentum(0.9).weightDecay(0.1);
              opt.addParamGroup(bias).setLr(0.02).weightDecay(0);
            }
            case "adam" -> {
              opt = new Adam(w, 0.01, Adam.DEFAULTS.withWeightDecay(0.1));
              opt.addParamGroup(bias).setLr(0.003).weightDecay(0);
            }
            case "adamw" -> {
              opt = new AdamW(w, 0.01, AdamW.DEFAULTS.withWeightDecay(0.1));
              opt.addParamGroup(bias).setLr(0.003).weightDecay(0);
            }
            default -> {
              opt = new AdamW(w, 0.01);
              opt.addParamGroup(bias).setLr(0.003);
              sched = new StepLR(opt, 3, 0.5);
            }
          }
          List<Object> steps = list(c.get("trajectory"));
          for (int t = 0; t < steps.size(); t++) {
            opt.zeroGrad();
            Losses.mse(model.forward(x), y).backward();
            opt.step();
            if (sched != null) sched.step();
            Map<String, Object> want = map(steps.get(t));
            assertClose(Tensor.of(doubles(want.get("weight"))).reshape(2, 3), model.weight().value(), 1e-12, 1e-9,
                "weight after step " + (t + 1));
            assertClose(Tensor.of(doubles(want.get("bias"))), model.bias().value(), 1e-12, 1e-9, "bias after step " + (t + 1));
            double[] lrs = doubles(want.get("lrs"));
            for (int g = 0; g < 2; g++)
              assertEquals(lrs[g], opt.paramGroups().get(g).lr(), 1e-15, "group " + g + " lr after step " + (t + 1));
          }
        }));
  }

  @Test
  void anAddedGroupTakesTheDefaultRateNotTheScheduledOne() {
    Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1)), b = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
    SGD opt = new SGD(List.of(a), 0.1);
    new StepLR(opt, 1, 0.5).step();
    assertEquals(0.05, opt.lr());
    assertEquals(0.1, opt.addParamGroup(List.of(b)).lr(), "PyTorch: add_param_group fills lr from defaults");
  }

  @Test
  void aParameterCannotJoinTwoGroups() {
    Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
    SGD opt = new SGD(List.of(a), 0.1);
    var e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(a)));
    assertEquals("SGD: parameters 0 and 1 are the same variable", e.getMessage());
    assertEquals(1, opt.paramGroups().size());
  }
}
