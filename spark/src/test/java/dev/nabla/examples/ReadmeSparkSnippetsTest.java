package dev.nabla.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's {@code <!-- snippet spark -->} blocks compile against nabla-spark and Spark, and run on an
 * embedded Spark: the part of examples' {@link ReadmeSnippetsTest} that examples cannot see.
 */
class ReadmeSparkSnippetsTest {
  private static final String[][] LOOPBACK = {{"spark.driver.host", "127.0.0.1"},
      {"spark.driver.bindAddress", "127.0.0.1"}, {"spark.ui.enabled", "false"}};

  /** The README's SparkConf reads spark.* system properties: keep the embedded Spark on loopback. */
  @BeforeAll
  static void loopback() {
    for (String[] kv : LOOPBACK) System.setProperty(kv[0], kv[1]);
  }

  @AfterAll
  static void restore() {
    for (String[] kv : LOOPBACK) System.clearProperty(kv[0]);
  }

  @TestFactory
  Stream<DynamicTest> everySparkBlockOfTheReadmeCompilesAndRuns() throws IOException {
    return ReadmeSnippetsTest.check(ReadmeSnippetsTest.parse(Files.readString(ReadmeSnippetsTest.readme()))
        .stream().filter(ReadmeSnippetsTest.Snippet::spark).toList());
  }
}
