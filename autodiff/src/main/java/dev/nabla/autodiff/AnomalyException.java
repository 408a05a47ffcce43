package dev.nabla.autodiff;

/**
 * Thrown in anomaly mode ({@link Grad#detectAnomaly()}) by the first op whose forward or backward
 * produced a NaN or an infinity; {@link #op()} names it.
 */
public class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;
  private final String op;

  AnomalyException(String op, String message) {
    super(message);
    this.op = op;
  }

  /** The name of the op that produced the non-finite value. */
  public String op() {
    return op;
  }
}
