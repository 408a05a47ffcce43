package dev.nabla.spark.examples;

import java.util.Arrays;

/**
 * Runs one Spark example by name: {@code java --add-modules jdk.incubator.vector -jar spark-examples.jar
 * [spark-digits] [args…]}; the default is {@code spark-digits}.
 */
public final class Main {
  private Main() {}

  /** Dispatches to the named example. */
  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "spark-digits";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    if (name.equals("spark-digits")) SparkDigits.main(rest);
    else {
      System.err.println("unknown example '" + name + "'; choose: spark-digits [master, default local[2]]");
      System.exit(2);
    }
  }
}
