// The mean-field Gaussian CNN (family 'mfvi', arch 'cnn'), the mean-field family's 'cnn'
// architecture (mfvi/index.ts); its tensors are the family's (gaussianSpecs).
import { gaussianSpecs } from '../mfvi/tensors';
import { cnnPredictor } from './predictor';
import { openCnnTrainer } from './trainer';

export { openCnnTrainer, cnnPredictor };
/** The model-file tensors of a mean-field CNN: the family's one definition, over arch.ts's layers. */
export const cnnTensorSpecs = gaussianSpecs;
