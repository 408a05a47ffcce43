package dev.nabla.autodiff;

/**
 * Per-thread switches: whether ops record a graph, and whether anomaly detection is on.
 *
 * <p>Every op reads them ({@link Engine#apply}), so the lookup is on the hot path of small ops: a
 * {@link ThreadLocal} probe was 11% of the time of a graph of scalar ops (W3's JFR profile). The
 * state of the thread that looked it up last is therefore kept in a plain static field, tagged with
 * its thread's id (ids are never reused); a thread finds its own state there with one load and one
 * compare, and any other thread falls back to the {@code ThreadLocal} and takes the slot over. Racy
 * on purpose and still correct: a thread uses the slot's state only when the tag is its own id,
 * and then that state was made by this very thread (its {@code tid} is final, so the tag a thread
 * reads belongs to the state it reads), so its fields are this thread's own writes.
 */
final class GradMode {
  static final class State {
    /** The id of the thread this state belongs to. */
    final long tid = Thread.currentThread().getId();
    boolean enabled = true;
    boolean anomaly;
    /** The checkpoint segment running on this thread (see {@link Checkpoint}), or null. */
    Checkpoint.Segment segment;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
  /** The state of the thread that looked it up last (see the class comment); null at first. */
  private static State last;

  private GradMode() {}

  /** This thread's switches (one lookup for both). */
  static State state() {
    State s = last;
    return s != null && s.tid == Thread.currentThread().getId() ? s : lookUp();
  }

  /** The miss, out of line so that {@link #state} stays small enough to inline everywhere. */
  private static State lookUp() {
    State s = STATE.get();
    last = s;
    return s;
  }

  static boolean enabled() {
    return state().enabled;
  }

  static boolean anomaly() {
    return state().anomaly;
  }

  /** Sets grad mode for this thread; returns a scope that restores the previous setting. */
  static Grad.Scope setEnabled(boolean on) {
    State s = state();
    boolean prev = s.enabled;
    s.enabled = on;
    return () -> s.enabled = prev;
  }

  static Grad.Scope setAnomaly(boolean on) {
    State s = state();
    boolean prev = s.anomaly;
    s.anomaly = on;
    return () -> s.anomaly = prev;
  }
}
