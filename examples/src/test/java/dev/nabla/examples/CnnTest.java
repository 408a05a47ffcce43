package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CnnTest {
  /** Five epochs (of the example's 15) already classify most test digits; the loss falls. */
  @Test
  void trainsAboveTheFloor() throws Exception {
    var bytes = new ByteArrayOutputStream();
    Cnn.Result r = Cnn.run(5, new PrintStream(bytes, true, StandardCharsets.UTF_8), ProgressLine.Mode.PLAIN);
    assertTrue(r.testAccuracy() >= 0.95, "test accuracy after 5 epochs: " + r.testAccuracy());
    double[] loss = r.trainLoss();
    assertTrue(loss[4] < loss[2] && loss[2] < loss[0], "loss decreases: " + java.util.Arrays.toString(loss));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("cnn: 1438 train / 359 test images"), out);
    assertTrue(out.contains("epoch  5/5"), out);
  }
}
