// The mean-field Gaussian CNN (family 'mfvi', arch 'cnn'). Importing this module registers it as
// the mean-field family's 'cnn' architecture; its tensors are the family's (gaussianSpecs).
import { mfviArchs } from '../mfvi';
import { gaussianSpecs } from '../mfvi/tensors';
import { cnnPredictor } from './predictor';
import { openCnnTrainer } from './trainer';

export { openCnnTrainer, cnnPredictor };
/** The model-file tensors of a mean-field CNN: the family's one definition, over arch.ts's layers. */
export const cnnTensorSpecs = gaussianSpecs;

mfviArchs.cnn = { openTrainer: openCnnTrainer, predictor: cnnPredictor };
