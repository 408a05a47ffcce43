package dev.nabla.autodiff;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a recorded graph in Graphviz DOT, for people who would rather look than read:
 * {@code dot -Tpng graph.dot -o graph.png}.
 *
 * <pre>{@code
 * Graph.toDot(loss);
 * // digraph nabla {
 * //   rankdir=BT;
 * //   n0 [label="add\n[]", shape=box];
 * //   n1 [label="mean\n[]", shape=box];
 * //   n1 -> n0;
 * //   ...
 * // }
 * }</pre>
 *
 * Ops are boxes labelled with the op name and output shape; parameters are green ellipses,
 * constants grey ones. Call it before {@code backward()}, which frees the graph.
 */
public final class Graph {
  private Graph() {}

  /** The graph that produced {@code root}, in DOT. */
  public static String toDot(Variable root) {
    Objects.requireNonNull(root, "root");
    Map<Variable, Integer> ids = new IdentityHashMap<>();
    StringBuilder nodes = new StringBuilder(), edges = new StringBuilder();
    ArrayDeque<Variable> todo = new ArrayDeque<>();
    ids.put(root, 0);
    todo.add(root);
    while (!todo.isEmpty()) {
      Variable v = todo.poll();
      int id = ids.get(v);
      String label, style;
      if (v.op != null) {
        label = v.op.name();
        style = "shape=box";
      } else if (v.requiresGrad()) {
        label = "parameter";
        style = "style=filled, fillcolor=palegreen";
      } else {
        label = "constant";
        style = "style=filled, fillcolor=lightgrey";
      }
      nodes.append(String.format("  n%d [label=\"%s\\n%s %s\", %s];%n", id, label, v.shape(),
          v.dtype().name().toLowerCase(), style));
      if (v.inputs == null) continue;
      for (Variable x : v.inputs) {
        Integer xi = ids.get(x);
        if (xi == null) {
          xi = ids.size();
          ids.put(x, xi);
          todo.add(x);
        }
        edges.append(String.format("  n%d -> n%d;%n", xi, id));
      }
    }
    return "digraph nabla {\n  rankdir=BT;\n" + nodes + edges + "}\n";
  }
}
