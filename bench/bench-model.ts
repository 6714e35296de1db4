// The posterior a bench judges with: the folder given on the command line, or the built-in model.
import { defaultModelDir, loadModel, type LoadedModel } from '../src/main/engine/store';
import type { UncertaintyScoreName } from '../src/shared/model';

export async function benchModel(
  given: string | null = process.argv[2] ?? null,
): Promise<{ model: LoadedModel; score: UncertaintyScoreName }> {
  const dir = given ?? defaultModelDir();
  if (!dir) throw new Error('no model given and no default model in resources/');
  const model = await loadModel(dir);
  const score = model.meta.calibration?.score ?? 'entropy';
  console.log(`model ${dir}, score ${score}`);
  return { model, score };
}
