package dev.nabla.nn;

import dev.nabla.core.Tensor;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads the layer fixtures of {@code fixtures/layers/} (written by make_layer_fixtures.py, listed in its
 * manifest.json) for the attention layers: each entry's settings, its state_dict file and its io file (inputs,
 * output, the loss weights w and grad.NAME for every input and parameter of L = Σ w ⊙ output).
 */
final class AttentionFixtures {
  private AttentionFixtures() {}

  static final String DIR = "layers/";

  /** One manifest entry. */
  record Layer(String name, String layer, Map<String, Object> args, String forward, List<String> inputs,
      String stateFile, String ioFile) {
    @Override
    public String toString() {
      return name;
    }

    /** The tensors of the io file: inputs, output, w and grad.NAME. */
    Map<String, Tensor> io() throws IOException {
      return SafeTensors.read(Fixtures.path(DIR + ioFile));
    }

    /** The path of the state_dict file, for {@code Module.load}. */
    java.nio.file.Path state() {
      return Fixtures.path(DIR + stateFile);
    }

    int intArg(String key) {
      return (int) Fixtures.num(args.get(key));
    }

    double doubleArg(String key) {
      return Fixtures.num(args.get(key));
    }
  }

  /** The manifest's entries whose layer is one of {@code layers}, in manifest order. */
  static List<Layer> layers(String... layers) {
    List<String> wanted = List.of(layers);
    return Fixtures.list(Fixtures.json(DIR + "manifest.json").get("fixtures")).stream().map(Fixtures::map)
        .filter(m -> wanted.contains((String) m.get("layer"))).map(m -> {
          Map<String, Object> files = Fixtures.map(m.get("files"));
          return new Layer((String) m.get("name"), (String) m.get("layer"), Fixtures.map(m.get("args")),
              (String) m.get("forward"), Fixtures.list(m.get("inputs")).stream().map(o -> (String) o).toList(),
              (String) files.get("state"), (String) files.get("io"));
        }).toList();
  }
}
