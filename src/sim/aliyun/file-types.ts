/** Extension → (category, mime type), as the service reports them on file items. */

const TYPES: Record<string, [category: string, mime: string]> = {
  mp4: ['video', 'video/mp4'],
  mkv: ['video', 'video/x-matroska'],
  avi: ['video', 'video/x-msvideo'],
  mov: ['video', 'video/quicktime'],
  ts: ['video', 'video/mp2t'],
  jpg: ['image', 'image/jpeg'],
  jpeg: ['image', 'image/jpeg'],
  png: ['image', 'image/png'],
  gif: ['image', 'image/gif'],
  webp: ['image', 'image/webp'],
  mp3: ['audio', 'audio/mpeg'],
  flac: ['audio', 'audio/flac'],
  wav: ['audio', 'audio/wav'],
  txt: ['doc', 'text/plain; charset=utf-8'],
  md: ['doc', 'text/markdown; charset=utf-8'],
  pdf: ['doc', 'application/pdf'],
  epub: ['doc', 'application/epub+zip'],
  docx: ['doc', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  zip: ['zip', 'application/zip'],
  rar: ['zip', 'application/x-rar-compressed'],
  '7z': ['zip', 'application/x-7z-compressed'],
  exe: ['others', 'application/vnd.microsoft.portable-executable'],
};

/** The extension of a file name, lower-cased, without the dot ("" when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Category and mime type for a file name; unknown types are "others"/octet-stream. */
export function fileTypeOf(name: string): { category: string; mime: string } {
  const known = TYPES[extensionOf(name)];
  return known ? { category: known[0], mime: known[1] } : { category: 'others', mime: 'application/octet-stream' };
}
