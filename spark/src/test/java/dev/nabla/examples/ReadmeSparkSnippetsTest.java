package dev.nabla.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's {@code <!-- snippet spark -->} blocks compile against nabla-spark and Spark, and run on an
 * embedded Spark: the part of examples' {@link ReadmeSnippetsTest} that examples cannot see.
 */
class ReadmeSparkSnippetsTest {
  @TestFactory
  Stream<DynamicTest> everySparkBlockOfTheReadmeCompilesAndRuns() throws IOException {
    return ReadmeSnippetsTest.check(ReadmeSnippetsTest.parse(Files.readString(ReadmeSnippetsTest.readme()))
        .stream().filter(ReadmeSnippetsTest.Snippet::spark).toList());
  }
}
