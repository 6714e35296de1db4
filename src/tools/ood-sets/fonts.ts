// Typefaces the letter set is rendered in, from Debian font packages (build time only: the rendered
// 28×28 images are what ships). Handwriting-like faces first, since they are the hard case.

export interface FontSource {
  /** Pango font description (family and style) as the font file declares it. */
  pango: string;
  file: string;
  debianPackage: string;
  licence: string;
  style: 'handwriting' | 'outline' | 'script' | 'sans' | 'serif' | 'mono';
}

const TT = '/usr/share/fonts/truetype';
const OT = '/usr/share/fonts/opentype';

export const LETTER_FONTS: FontSource[] = [
  {
    pango: 'Humor Sans',
    file: `${TT}/humor-sans/Humor-Sans.ttf`,
    debianPackage: 'fonts-humor-sans',
    licence: 'OFL-1.1',
    style: 'handwriting',
  },
  {
    pango: 'DkgHandwriting',
    file: `${TT}/fifthhorseman/dkg.ttf`,
    debianPackage: 'fonts-dkg-handwriting',
    licence: 'OFL-1.1',
    style: 'handwriting',
  },
  {
    pango: 'Breip',
    file: `${TT}/breip/Breip.ttf`,
    debianPackage: 'fonts-breip',
    licence: 'OFL-1.0',
    style: 'handwriting',
  },
  {
    pango: 'femkeklaver',
    file: `${TT}/femkeklaver/femkeklaver.ttf`,
    debianPackage: 'fonts-femkeklaver',
    licence: 'CC-BY-SA-3.0',
    style: 'outline',
  },
  {
    pango: 'Comic Neue',
    file: `${OT}/comic-neue/ComicNeue-Regular.otf`,
    debianPackage: 'fonts-comic-neue',
    licence: 'OFL-1.1',
    style: 'handwriting',
  },
  {
    pango: 'Z003 Medium Italic',
    file: `${OT}/urw-base35/Z003-MediumItalic.otf`,
    debianPackage: 'fonts-urw-base35',
    licence: 'AGPL-3 with font exception',
    style: 'script',
  },
  {
    pango: 'Dancing Script',
    file: `${OT}/dancingscript/DancingScript-Regular.otf`,
    debianPackage: 'fonts-dancingscript',
    licence: 'OFL-1.1',
    style: 'script',
  },
  {
    pango: 'Kaushan Script',
    file: `${OT}/kaushanscript/KaushanScript-Regular.otf`,
    debianPackage: 'fonts-kaushanscript',
    licence: 'OFL-1.1',
    style: 'script',
  },
  {
    pango: 'DejaVu Sans',
    file: `${TT}/dejavu/DejaVuSans.ttf`,
    debianPackage: 'fonts-dejavu-core',
    licence: 'Bitstream Vera',
    style: 'sans',
  },
  {
    pango: 'Liberation Sans Bold',
    file: `${TT}/liberation2/LiberationSans-Bold.ttf`,
    debianPackage: 'fonts-liberation2',
    licence: 'OFL-1.1',
    style: 'sans',
  },
  {
    pango: 'URW Gothic Book',
    file: `${OT}/urw-base35/URWGothic-Book.otf`,
    debianPackage: 'fonts-urw-base35',
    licence: 'AGPL-3 with font exception',
    style: 'sans',
  },
  {
    pango: 'Nimbus Roman',
    file: `${OT}/urw-base35/NimbusRoman-Regular.otf`,
    debianPackage: 'fonts-urw-base35',
    licence: 'AGPL-3 with font exception',
    style: 'serif',
  },
  {
    pango: 'C059 Italic',
    file: `${OT}/urw-base35/C059-Italic.otf`,
    debianPackage: 'fonts-urw-base35',
    licence: 'AGPL-3 with font exception',
    style: 'serif',
  },
  {
    pango: 'URW Bookman Light',
    file: `${OT}/urw-base35/URWBookman-Light.otf`,
    debianPackage: 'fonts-urw-base35',
    licence: 'AGPL-3 with font exception',
    style: 'serif',
  },
  {
    pango: 'Liberation Mono',
    file: `${TT}/liberation2/LiberationMono-Regular.ttf`,
    debianPackage: 'fonts-liberation2',
    licence: 'OFL-1.1',
    style: 'mono',
  },
];
