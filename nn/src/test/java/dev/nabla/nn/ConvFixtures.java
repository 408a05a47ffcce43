package dev.nabla.nn;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reads the convolution and pooling fixtures of {@code fixtures/layers/manifest.json} (written by
 * make_layer_fixtures.py) and builds the Nabla layer each describes, from PyTorch's constructor arguments.
 */
final class ConvFixtures {
  private ConvFixtures() {}

  /** One fixture: its name, layer, arguments, and its two files. */
  record Case(String name, String layer, Map<String, Object> args, Path state, Path io) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<String> PREFIXES = List.of("conv", "maxpool", "avgpool", "adaptiveavgpool");

  /** The manifest's conv*, maxpool*, avgpool* and adaptiveavgpool* fixtures, in its order. */
  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (Object o : Fixtures.list(Fixtures.json("layers/manifest.json").get("fixtures"))) {
      Map<String, Object> f = Fixtures.map(o);
      String name = (String) f.get("name");
      if (PREFIXES.stream().noneMatch(name::startsWith)) continue;
      Map<String, Object> files = Fixtures.map(f.get("files"));
      out.add(new Case(name, (String) f.get("layer"), Fixtures.map(f.get("args")),
          Fixtures.path("layers/" + files.get("state")), Fixtures.path("layers/" + files.get("io"))));
    }
    return out;
  }

  private static int integer(Map<String, Object> args, String key, int otherwise) {
    Object v = args.get(key);
    return v == null ? otherwise : (int) Fixtures.num(v);
  }

  /** The layer in FLOAT64 (parameters random until the fixture's state is loaded). */
  static Module layer(Case c) {
    Map<String, Object> a = c.args();
    var rng = new SplittableRandom(0);
    int k = integer(a, "kernel_size", 1), stride = integer(a, "stride", c.layer().contains("Pool") ? k : 1),
        pad = integer(a, "padding", 0), dil = integer(a, "dilation", 1), groups = integer(a, "groups", 1);
    boolean bias = !Boolean.FALSE.equals(a.get("bias"));
    return switch (c.layer()) {
      case "Conv1d" -> new Conv1d(integer(a, "in_channels", 0), integer(a, "out_channels", 0), k, stride, pad, dil,
          groups, bias, DType.FLOAT64, rng);
      case "Conv2d" -> new Conv2d(integer(a, "in_channels", 0), integer(a, "out_channels", 0), new int[] {k, k},
          new int[] {stride, stride}, new int[] {pad, pad}, new int[] {dil, dil}, groups, bias, DType.FLOAT64, rng);
      case "MaxPool2d" -> new MaxPool2d(k, stride, pad);
      case "AvgPool2d" -> new AvgPool2d(k, stride, pad);
      case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(integer(a, "output_size", 0));
      default -> throw new IllegalArgumentException("no convolution layer " + c.layer() + " (fixture " + c.name() + ")");
    };
  }

  /** The io file's tensors: input, output, w, grad.*. */
  static Map<String, Tensor> io(Case c) throws IOException {
    return SafeTensors.read(c.io());
  }
}
