// Public surface of the uncertainty toolkit (pure TypeScript; safe for the renderer).
export * from './scores';
export * from './thresholds';
export * from './ood-metrics';
export * from './risk-coverage';
export * from './calibration';
export * from './calibrate';
export * from './histogram';
export * from './guarantee';
