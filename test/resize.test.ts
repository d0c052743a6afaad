import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { axisTaps, resizeImage } from '../src/image/resize.js';
import { Random } from '../src/tensor/random.js';

const close = (got: ArrayLike<number>, want: number[], tol = 1e-12): void => {
  assert.is(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `index ${i}: ${got[i]} vs ${want[i]}`);
};

test('area averaging down: 3 → 2 weighs the shared middle pixel half to each side', () => {
  // out0 = (x0 + ½x1) / 1.5, out1 = (½x1 + x2) / 1.5
  close(resizeImage([0, 3, 6], { height: 1, width: 3, channels: 1 }, { height: 1, width: 2 }), [1, 5]);
  // 4×4 → 2×2: the means of the 2×2 blocks (torch's 'area' at an integer factor).
  const img = Array.from({ length: 16 }, (_, i) => i);
  close(resizeImage(img, { height: 4, width: 4, channels: 1 }, { height: 2, width: 2 }), [2.5, 4.5, 10.5, 12.5]);
  // 5 → 2: s = 2.5, out0 = (x0 + x1 + ½x2) / 2.5.
  close(resizeImage([1, 2, 3, 4, 5], { height: 5, width: 1, channels: 1 }, { height: 2, width: 1 }), [(1 + 2 + 1.5) / 2.5, (1.5 + 4 + 5) / 2.5]);
});

test('bilinear up matches torch.nn.functional.interpolate(align_corners=False)', () => {
  // F.interpolate(torch.tensor([[[0., 4.]]]), size=4, mode='linear') = [0, 1, 3, 4]
  close(resizeImage([0, 4], { height: 1, width: 2, channels: 1 }, { height: 1, width: 4 }), [0, 1, 3, 4]);
  // size 3 from [0, 3]: x = 0.5·(2/3)·... sources −1/6→0, 0.5, 7/6→1 ⇒ [0, 1.5, 3]
  close(resizeImage([0, 3], { height: 2, width: 1, channels: 1 }, { height: 3, width: 1 }), [0, 1.5, 3]);
  // 2×2 → 4×4, the bilinear grid (mode='bilinear'), row 1 = ¾·row0 + ¼·row1 of the width-resized rows.
  const out = resizeImage([0, 4, 8, 12], { height: 2, width: 2, channels: 1 }, { height: 4, width: 4 });
  close(out.subarray(0, 4), [0, 1, 3, 4]);
  close(out.subarray(4, 8), [2, 3, 5, 6]);
  close(out.subarray(12, 16), [8, 9, 11, 12]);
});

test('each axis by its own rule; channels stay apart', () => {
  // 1×2 RGB-like (2 channels) → 2×1: width shrinks (mean), height grows (a constant column stays).
  const out = resizeImage([1, 10, 3, 30], { height: 1, width: 2, channels: 2 }, { height: 2, width: 1 });
  close(out, [2, 20, 2, 20]);
  assert.equal(Array.from(axisTaps(3, 3).weight), [1, 1, 1], 'same size is a copy');
});

test('a constant image stays constant and area averaging keeps the mean, at any sizes', () => {
  const rng = new Random(5);
  for (const [h, w, th, tw] of [[7, 5, 3, 2], [28, 28, 9, 13], [3, 4, 10, 7], [6, 9, 4, 20]] as const) {
    const constant = new Float64Array(h * w * 3).fill(0.37);
    const c = resizeImage(constant, { height: h, width: w, channels: 3 }, { height: th, width: tw });
    for (const v of c) assert.ok(Math.abs(v - 0.37) < 1e-12, `${h}x${w} → ${th}x${tw}: ${v}`);
    if (th <= h && tw <= w) {
      const x = Float64Array.from({ length: h * w }, () => rng.uniform());
      const y = resizeImage(x, { height: h, width: w, channels: 1 }, { height: th, width: tw });
      const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
      assert.ok(Math.abs(mean(x) - mean(y)) < 1e-12, `${h}x${w} → ${th}x${tw}: mean ${mean(x)} vs ${mean(y)}`);
    }
  }
});

test('bad sizes are refused by name', () => {
  assert.throws(() => resizeImage([1, 2, 3], { height: 1, width: 2, channels: 1 }, { height: 1, width: 1 }), /resizeImage: data has 3 values, expected height·width·channels = 1·2·1 = 2/);
  assert.throws(() => resizeImage([1], { height: 1, width: 1, channels: 1 }, { height: 0, width: 1 }), /resizeImage: target height must be a positive integer, got 0/);
  assert.throws(() => axisTaps(2.5, 3), /axisTaps: from must be a positive integer, got 2.5/);
});

test.run();
