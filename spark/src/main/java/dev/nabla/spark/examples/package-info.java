/**
 * Runnable examples of {@link dev.nabla.spark.SparkTrainer}:
 * {@code java --add-modules jdk.incubator.vector -jar spark/target/spark-examples.jar spark-digits}.
 */
package dev.nabla.spark.examples;
