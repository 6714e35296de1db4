// The store's writers are the app's one atomic writer (engine/files/atomic-write.ts).
export { writeFileAtomic, writeJsonAtomic } from '../files/atomic-write';
