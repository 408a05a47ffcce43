package dev.nabla.autodiff;

import dev.nabla.core.Tensor;
import java.util.Arrays;

/**
 * Ops that move or select elements without arithmetic. Each is linear, so its gradient is its
 * adjoint: reshape ↔ reshape back, permute ↔ inverse permute, expand ↔ sum, slice/indexSelect ↔
 * indexAdd, gather ↔ scatter, concat ↔ slices. The family is sealed without a {@code permits}
 * list: its members are the classes nested here.
 */
sealed interface Movement extends Primitive {
  /** y = reshape(x, dims);  ∂x = reshape(g, shape of x). */
  final class Reshape implements Movement {
    final int[] dims;

    Reshape(int[] dims) {
      this.dims = dims;
    }

    public String name() { return "reshape"; }
    public Tensor forward(Tensor... x) { return x[0].reshape(dims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.reshape(x[0].shape().dims())};
    }
  }

  /** y = permute(x, p);  ∂x = permute(g, p⁻¹). */
  final class Permute implements Movement {
    final int[] axes;

    Permute(int[] axes) {
      this.axes = axes;
    }

    public String name() { return "permute"; }
    public Tensor forward(Tensor... x) { return x[0].permute(axes); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      int r = axes.length;
      int[] inv = new int[r];
      for (int i = 0; i < r; i++) inv[axes[i] < 0 ? axes[i] + r : axes[i]] = i;
      return new Variable[] {g.permute(inv)};
    }
  }

  /** y = expand(x, dims) (broadcast);  ∂x = g summed over the broadcast dimensions. */
  final class Expand implements Movement {
    final int[] dims;

    Expand(int[] dims) {
      this.dims = dims;
    }

    public String name() { return "expand"; }
    public Tensor forward(Tensor... x) { return x[0].expand(dims); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.sumTo(x[0].shape())};
    }
  }

  /** The positions x[start:end:step] takes along an axis of size n, clamped like Python slices. */
  static int[] sliceIndices(int n, int start, int end, int step) {
    int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
    int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
    int[] idx = new int[(e - s + step - 1) / step];
    for (int i = 0; i < idx.length; i++) idx[i] = s + i * step;
    return idx;
  }

  /** y = x[start:end:step] along axis;  ∂x = g placed back at those positions, zeros elsewhere. */
  final class Slice implements Movement {
    final int axis, start, end, step;

    Slice(int axis, int start, int end, int step) {
      this.axis = axis;
      this.start = start;
      this.end = end;
      this.step = step;
    }

    public String name() { return "slice"; }
    public Tensor forward(Tensor... x) { return x[0].slice(axis, start, end, step); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      int n = x[0].shape().dim(axis);
      return new Variable[] {g.indexAdd(axis, sliceIndices(n, start, end, step), n)};
    }
  }

  /** y = concat(x₀, x₁, …) along axis;  ∂xᵢ = the slice of g where xᵢ landed. */
  final class Concat implements Movement {
    final int axis;

    Concat(int axis) {
      this.axis = axis;
    }

    public String name() { return "concat"; }
    public Tensor forward(Tensor... x) { return Tensor.concat(Arrays.asList(x), axis); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      Variable[] out = new Variable[x.length];
      for (int i = 0, off = 0; i < x.length; i++) {
        int len = x[i].shape().dim(axis);
        if (x[i].requiresGrad()) out[i] = g.slice(axis, off, off + len);
        off += len;
      }
      return out;
    }
  }

  /** y[p] = x[p with index[p] inserted at axis];  ∂x = scatter(g): g at the picked places, 0 elsewhere. */
  final class Gather implements Movement {
    final int axis;
    final Tensor index;

    Gather(int axis, Tensor index) {
      this.axis = axis;
      this.index = index;
    }

    public String name() { return "gather"; }
    public Tensor forward(Tensor... x) { return x[0].gather(axis, index); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      int a = x[0].shape().normalizeAxis("gather", axis);
      return new Variable[] {g.scatter(a, index, x[0].shape().dim(a))};
    }
  }

  /** y = x placed at index along a new axis of size n (zeros elsewhere);  ∂x = gather(g). */
  final class Scatter implements Movement {
    final int axis, size;
    final Tensor index;

    Scatter(int axis, Tensor index, int size) {
      this.axis = axis;
      this.index = index;
      this.size = size;
    }

    public String name() { return "scatter"; }
    public Tensor forward(Tensor... x) { return x[0].scatter(axis, index, size); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.gather(axis, index)};
    }
  }

  /** y = the slices of x at indices along axis;  ∂x = indexAdd(g): each slice added back where it came from. */
  final class IndexSelect implements Movement {
    final int axis;
    final Tensor indices;

    IndexSelect(int axis, Tensor indices) {
      this.axis = axis;
      this.indices = indices;
    }

    public String name() { return "indexSelect"; }
    public Tensor forward(Tensor... x) { return x[0].indexSelect(axis, indices); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.indexAdd(axis, indices, x[0].shape().dim(axis))};
    }
  }

  /** y = zeros with slice i of x added at indices[i] along axis;  ∂x = indexSelect(g). */
  final class IndexAdd implements Movement {
    final int axis, size;
    final Tensor indices;

    IndexAdd(int axis, Tensor indices, int size) {
      this.axis = axis;
      this.indices = indices;
      this.size = size;
    }

    public String name() { return "indexAdd"; }
    public Tensor forward(Tensor... x) { return x[0].indexAdd(axis, indices, size); }
    public Variable[] vjp(Variable g, Variable y, Variable... x) {
      return new Variable[] {g.indexSelect(axis, indices)};
    }
  }
}
