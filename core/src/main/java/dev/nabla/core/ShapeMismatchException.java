package dev.nabla.core;

/**
 * Thrown when the shapes given to an op do not fit together. The message names the op and every
 * shape, e.g. {@code matmul: cannot multiply [64, 784] by [100, 10]: inner dimensions 784 != 100}.
 */
public class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ShapeMismatchException(String message) {
    super(message);
  }
}
