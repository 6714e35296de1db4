// The mean-field Gaussian CNN (family 'mfvi', arch 'cnn'): what the mfvi family calls for a CNN.
export { openCnnTrainer } from './trainer';
export { cnnPredictor } from './predictor';
export { cnnTensorSpecs } from './tensors';
