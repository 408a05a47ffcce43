package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.Linear;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsTest {
  @Test
  void trainsAboveTheFloorAndWritesItsThreeFiles(@TempDir Path dir) throws Exception {
    Digits.Result r = Digits.run(dir, 5, false);
    assertTrue(r.testAccuracy() >= 0.95, "test accuracy after 5 epochs: " + r.testAccuracy());
    assertTrue(r.trainLoss()[4] < r.trainLoss()[0], "loss decreases: " + java.util.Arrays.toString(r.trainLoss()));

    BufferedImage png = ImageIO.read(r.chart().toFile());
    assertNotNull(png, "the chart decodes as an image");
    assertEquals(800, png.getWidth());

    var copy = new Sequential(new Linear(64, 128, new SplittableRandom(99)), new ReLU(),
        new Linear(128, 10, new SplittableRandom(98)));
    copy.load(r.model());
    for (var e : r.network().namedParameters().entrySet())
      assertArrayEquals(e.getValue().value().toFloatArray(), copy.namedParameters().get(e.getKey()).value().toFloatArray(),
          "parameter " + e.getKey() + " round-trips through the safetensors file");

    String dot = Files.readString(r.graph());
    assertTrue(dot.startsWith("digraph"), dot);
    for (String op : new String[] {"linear", "relu", "crossEntropy", "sum", "div", "square", "add"})
      assertTrue(dot.contains(op), op + " in the DOT graph");
  }
}
