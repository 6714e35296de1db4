// Regenerates resources/train-outliers: letters in print fonts used for outlier exposure in
// training (src/main/engine/outliers). The fonts are disjoint from resources/ood's letters. Needs:
//   apt-get install fonts-urw-base35 fonts-dejavu-core fonts-freefont-ttf fonts-liberation fonts-liberation2 \
//     fonts-lato fonts-open-sans fonts-roboto fonts-noto-core fonts-cantarell fonts-crosextra-carlito \
//     fonts-crosextra-caladea fonts-linuxlibertine fonts-go fonts-hack fonts-sil-charis fonts-sil-gentium
// Usage: node scripts/make-train-outliers.mjs   (the output is committed; the app needs no fonts)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jiti = createJiti(import.meta.url);
const { makeTrainLetters } = await jiti.import('../src/tools/train-letters.ts');
const count = await makeTrainLetters(path.join(root, 'resources', 'train-outliers'));
console.log(`${count} letters written to resources/train-outliers`);
