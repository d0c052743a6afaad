// Every documented error, with its message.
import { test } from 'uvu';
import * as T from '../src/index.js';
import { Tensor } from '../src/tensor/tensor.js';
import { throwsWith } from './helpers/throwsWith.js';

test('matmul names the shapes that do not align', () => {
  throwsWith(() => T.matmul(T.zeros([64, 3]), T.zeros([4, 8])), 'matmul: shapes [64,3] and [4,8] do not align (3 != 4)');
  throwsWith(() => T.matmul(T.zeros([3, 2]), T.zeros([3, 4]), { transB: true }), 'matmul: shapes [3,2] and [3,4]ᵀ do not align (2 != 4)');
  throwsWith(() => T.matmul(T.zeros([2, 2, 3]), T.zeros([3, 3, 1])), 'matmul: shapes [2] and [3] do not broadcast (dim -1: 2 vs 3)');
});

test('shapes that do not broadcast', () => {
  throwsWith(() => T.add(T.zeros([2, 3]), T.zeros([4])), 'add: shapes [2,3] and [4] do not broadcast (dim -1: 3 vs 4)');
  throwsWith(() => T.mul(T.zeros([5, 2]), T.zeros([3, 1])), 'mul: shapes [5,2] and [3,1] do not broadcast (dim -2: 5 vs 3)');
  throwsWith(() => T.expand(T.zeros([2]), [3]), 'expand: shapes [2] and [3] do not broadcast (dim -1: 2 vs 3)');
});

test('out-of-range dims', () => {
  throwsWith(() => T.sum(T.zeros([2, 3]), 2), 'sum: dim 2 is out of range for a tensor of shape [2,3] with 2 dims (expected -2..1)');
  throwsWith(() => T.transpose(T.zeros([2]), 0, 1), 'transpose: dim 1 is out of range for a tensor of shape [2] with 1 dims (expected -1..0)');
  throwsWith(() => T.sum(T.zeros([2, 3]), [1, -1]), 'sum: dim 1 appears more than once in [1,-1]');
  throwsWith(() => T.permute(T.zeros([2, 3]), [0, 0]), 'permute: [0,0] repeats a dim');
});

test('non-finite scalars where they are not allowed', () => {
  throwsWith(() => T.add(T.zeros([2]), NaN), 'add: the scalar operand must be a finite number, got NaN');
  throwsWith(() => T.mul(T.zeros([2]), Infinity), 'mul: the scalar operand must be a finite number, got Infinity');
  throwsWith(() => T.leakyRelu(T.zeros([2]), NaN), 'leakyRelu: slope must be a finite number, got NaN');
  throwsWith(() => T.clamp(T.zeros([2]), 1, 0), 'clamp: min (1) must not exceed max (0)');
  throwsWith(() => T.pad(T.zeros([2]), [1, 1], NaN), 'pad: value must be finite, got NaN');
  throwsWith(() => T.arange(0, Infinity), 'arange: start, end and step must be finite and step non-zero, got 0, Infinity, 1');
});

test('shape and construction errors', () => {
  throwsWith(() => T.reshape(T.zeros([2, 3]), [4, 2]), 'reshape: cannot reshape [2,3] (6 elements) into [4,2]');
  throwsWith(() => T.reshape(T.zeros([2, 3]), [-1, -1]), 'reshape: only one dim can be -1, got [-1,-1]');
  throwsWith(() => new Tensor(new Float32Array(5), [2, 3]), 'Tensor: data has 5 elements but shape [2,3] needs 6');
  throwsWith(() => T.zeros([2, -1]), 'Tensor.empty: shape [2,-1] has an invalid dimension -1 at position 1 (expected a non-negative integer)');
  throwsWith(() => T.tensor([[1, 2], [3]]), 'tensor: ragged nested array: element [1] has length 1, expected length 2');
  throwsWith(() => T.tensor([1, 2, 3], [2, 2]), 'tensor: 3 values do not fill shape [2,2] (needs 4)');
  throwsWith(() => T.concat([T.zeros([2, 3]), T.zeros([2, 4])], 0), 'concat: tensor 1 has shape [2,4], which does not match [2,3] outside dim 0');
  throwsWith(() => T.narrow(T.zeros([4]), 0, 3, 2), 'narrow: range start=3, length=2 is outside dim 0 of size 4 (shape [4])');
  throwsWith(() => T.takeRows(T.zeros([3, 2]), Int32Array.from([0, 3])), 'indexSelect: index 3 at position 1 is out of range for dim 0 of size 3');
  throwsWith(() => T.zeros([2]).item(), 'item: expected a tensor with one element, got shape [2]');
  throwsWith(() => T.mean(T.zeros([0])), 'mean: cannot average over an empty set (shape [0], dims [0])');
  throwsWith(() => T.max(T.zeros([0])), 'max: cannot reduce an empty tensor of shape [0] over dims [0]');
  throwsWith(() => T.variance(T.zeros([1])), 'var: 1 element(s) over dims [0] with correction 1 leave no degrees of freedom');
});

test('autograd misuse', () => {
  throwsWith(() => T.sum(T.zeros([2])).backward(), 'backward: output 0 does not require grad (no input it depends on has requiresGrad set)');
  const w = T.zeros([2], { requiresGrad: true });
  throwsWith(() => T.mul(w, 2).backward(), 'backward: a gradient can be created implicitly only for a one-element output, got shape [2]; pass the output gradient');
  throwsWith(() => T.mul(w, 2).backward(T.zeros([3])), 'backward: output gradient has shape [3] but the output has shape [2]');
  throwsWith(() => T.grad(T.sum(w), [T.zeros([1])]), 'grad: input 0 does not require grad');
});

test('random generator arguments', () => {
  throwsWith(() => new T.Random(1.5), 'Random: seed must be a safe integer, got 1.5');
  throwsWith(() => T.randint(3, 3, 1, 0), 'randint: need integers low < high, got low=3, high=3');
});

test.run();
