/**
 * Synchronous data-parallel training on Apache Spark with the same numbers as one machine.
 *
 * <p>The driver holds the model and the optimizer. Each step it broadcasts the parameters; every
 * partition runs forward and backward with a <em>sum</em>-reduced loss on its slice of the global
 * batch and returns (gradient sums, loss sum, example count); the driver adds these up in partition
 * order, divides by the global count and takes one ordinary optimizer step. See
 * {@link dev.nabla.spark.SparkTrainer}.
 */
package dev.nabla.spark;
