// The model store's public surface: where models live, loading with validation, and managing them.
export * from './paths';
export { loadModel, readModelMeta, readMetrics, readPosterior, type LoadedModel } from './load';
export {
  listModels,
  renameModel,
  deleteModel,
  getActive,
  setActive,
  loadActiveModel,
  type ModelListing,
  type ActiveModel,
  type ActivateOptions,
} from './manage';
export { writeFileAtomic, writeJsonAtomic } from './atomic';
