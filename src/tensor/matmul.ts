import { broadcastShapes, broadcastStrides } from './broadcast.js';
import { gemm } from './gemm.js';
import { promote } from './elementwise.js';
import { Tensor, allocate, formatShape, shapeSize, stridesOf } from './tensor.js';

/**
 * op(A)·op(B) over the last two dims, batch dims broadcast as in torch.matmul.
 * op(A) = Aᵀ when transA (A stored [..., k, m]), op(B) = Bᵀ when transB (B stored [..., n, k]).
 * a: [..., m, k], b: [..., k, n] → [..., m, n]. Both must have at least 2 dims.
 */
export function matmulKernel(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  if (a.ndim < 2 || b.ndim < 2) {
    throw new Error(`matmul: expected tensors with at least 2 dims, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const ar = a.shape[a.ndim - 2]!, ac = a.shape[a.ndim - 1]!;
  const br = b.shape[b.ndim - 2]!, bc = b.shape[b.ndim - 1]!;
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) {
    const ta = transA ? 'ᵀ' : '';
    const tb = transB ? 'ᵀ' : '';
    throw new Error(`matmul: shapes ${formatShape(a.shape)}${ta} and ${formatShape(b.shape)}${tb} do not align (${k} != ${k2})`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch, 'matmul');
  const out = Tensor.empty([...batch, m, n], promote(a.dtype, b.dtype));
  // gemm needs one element type: promote the float32 side when the other is float64.
  const ad = a.dtype === out.dtype ? a.data : allocateFrom(a, out.dtype);
  const bd = b.dtype === out.dtype ? b.data : allocateFrom(b, out.dtype);
  const count = shapeSize(batch);
  const aStride = broadcastStrides(aBatch, batch);
  const bStride = broadcastStrides(bBatch, batch);
  const outIndex = stridesOf(batch);
  for (let t = 0; t < count; t++) {
    // Offsets of batch element t in a and b (0-stride along broadcast dims).
    let ia = 0, ib = 0, rest = t;
    for (let d = 0; d < batch.length; d++) {
      const i = Math.floor(rest / outIndex[d]!);
      rest -= i * outIndex[d]!;
      ia += i * aStride[d]!;
      ib += i * bStride[d]!;
    }
    gemm(transA, transB, m, n, k, ad, ia * ar * ac, bd, ib * br * bc, out.data, t * m * n, false);
  }
  return out;
}

function allocateFrom(x: Tensor, dtype: Tensor['dtype']): Float32Array | Float64Array {
  const d = allocate(dtype, x.size);
  d.set(x.data);
  return d;
}
