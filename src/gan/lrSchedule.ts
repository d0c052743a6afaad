/** The learning-rate schedules of GanConfig.lrSchedule. */
export const LR_SCHEDULES = ['constant', 'linear', 'cosine'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** The part of a GanConfig that sets the schedule. */
export interface LrScheduleSettings {
  lrSchedule: LrSchedule;
  lrDecayStart: number;
  totalSteps: number | null;
}

/**
 * The factor on lrG and lrD for generator update `step` (0-based: the number of updates already done).
 * With S = lrDecayStart·T and T = totalSteps, u = clamp((step − S)/(T − S), 0, 1):
 *   constant  1
 *   linear    1 − u               (torch.optim.lr_scheduler.LinearLR with end_factor 0)
 *   cosine    ½·(1 + cos(π·u))    (CosineAnnealingLR with eta_min 0)
 * Update T − 1, the last one, still gets a factor above 0. Without totalSteps (null) the factor is 1.
 */
export function lrFactor(c: LrScheduleSettings, step: number): number {
  if (c.lrSchedule === 'constant' || c.totalSteps === null) return 1;
  const start = c.lrDecayStart * c.totalSteps;
  const u = Math.min(1, Math.max(0, (step - start) / (c.totalSteps - start)));
  return c.lrSchedule === 'linear' ? 1 - u : 0.5 * (1 + Math.cos(Math.PI * u));
}
