package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flagship's output when it does not go to a terminal: one plain line per epoch. */
class ProgressOutputTest {
  @Test
  void aFileGetsOnePlainLinePerEpoch(@TempDir Path dir) throws Exception {
    var sink = new ByteArrayOutputStream();
    Digits.run(dir, 3, new PrintStream(sink, true, StandardCharsets.UTF_8), ProgressLine.Mode.PLAIN);
    String text = sink.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), "no carriage-return frames: " + text);
    List<String> lines = text.lines().toList();
    assertEquals(4, lines.size(), "a header and one line per epoch: " + text);
    assertTrue(lines.get(0).startsWith("digits: 1438 train / 359 test images"), lines.get(0));
    for (int e = 1; e <= 3; e++) {
      String l = lines.get(e);
      assertTrue(l.matches("epoch +" + e + "/3  45/45  loss \\d\\.\\d{4}  test acc \\d\\.\\d{4}  \\d+ img/s"), l);
    }
  }

  @Test
  void aTerminalGetsABarRedrawnInPlaceAndTheFinalLineOnce() {
    var sink = new ByteArrayOutputStream();
    var line = new ProgressLine(new PrintStream(sink, true, StandardCharsets.UTF_8), ProgressLine.Mode.BAR, "epoch 1/1", 4);
    for (int i = 0; i < 4; i++) line.step("loss " + i);
    line.finish("done");
    String text = sink.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\repoch 1/1  25% [=======>"), text);
    assertTrue(text.endsWith("\repoch 1/1 100% [==============================] 4/4  done\n"), text);
    assertEquals(1, text.split("done", -1).length - 1, "the final line appears once: " + text);
  }

  @Test
  void offPrintsNothingAndTheModeCanBeChosen() {
    var sink = new ByteArrayOutputStream();
    var line = new ProgressLine(new PrintStream(sink, true, StandardCharsets.UTF_8), ProgressLine.Mode.OFF, "x", 1);
    line.step("a");
    line.finish("b");
    assertEquals("", sink.toString(StandardCharsets.UTF_8));
    String before = System.getProperty("nabla.progress");
    try {
      System.setProperty("nabla.progress", "plain");
      assertEquals(ProgressLine.Mode.PLAIN, ProgressLine.Mode.detect());
      System.setProperty("nabla.progress", "Bar");
      assertEquals(ProgressLine.Mode.BAR, ProgressLine.Mode.detect());
    } finally {
      if (before == null) System.clearProperty("nabla.progress");
      else System.setProperty("nabla.progress", before);
    }
  }
}
