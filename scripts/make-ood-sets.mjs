// Regenerates resources/ood (letters, noise, shapes in MNIST format + manifest) and
// resources/samples (photos of digits on paper, and of non-digits). Needs the Debian font packages
// listed in src/tools/ood-sets/fonts.ts:
//   apt-get install fonts-humor-sans fonts-dkg-handwriting fonts-breip fonts-femkeklaver fonts-comic-neue \
//     fonts-urw-base35 fonts-dancingscript fonts-kaushanscript fonts-dejavu-core fonts-liberation2
// Usage: node scripts/make-ood-sets.mjs   (the outputs are committed; the app needs no fonts)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const jiti = createJiti(import.meta.url);
const { makeOodSets } = await jiti.import('../src/tools/ood-sets/index.ts');
await makeOodSets(path.join(root, 'resources'));
