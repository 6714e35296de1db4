import { z } from 'zod';
import { TrainConfig } from '../training';

export const RunId = z.object({ runId: z.string().min(1).max(128) });

export const Preset = z.object({
  name: z.string(),
  description: z.string(),
  config: TrainConfig,
});
export type Preset = z.infer<typeof Preset>;

export const StartTrainingResult = z.object({ runId: z.string(), modelId: z.string() });
