package dev.nabla.autodiff;

/** Per-thread switches: whether ops record a graph, and whether anomaly detection is on. */
final class GradMode {
  static final class State {
    boolean enabled = true;
    boolean anomaly;
    /** The checkpoint segment running on this thread (see {@link Checkpoint}), or null. */
    Checkpoint.Segment segment;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private GradMode() {}

  /** This thread's switches (one lookup for both). */
  static State state() {
    return STATE.get();
  }

  static boolean enabled() {
    return STATE.get().enabled;
  }

  static boolean anomaly() {
    return STATE.get().anomaly;
  }

  /** Sets grad mode for this thread; returns a scope that restores the previous setting. */
  static Grad.Scope setEnabled(boolean on) {
    State s = STATE.get();
    boolean prev = s.enabled;
    s.enabled = on;
    return () -> s.enabled = prev;
  }

  static Grad.Scope setAnomaly(boolean on) {
    State s = STATE.get();
    boolean prev = s.anomaly;
    s.anomaly = on;
    return () -> s.anomaly = prev;
  }
}
